import type { Metadata } from "next";
import { CategoryGroups } from "@/components/categories/category-groups";
import { getCategoryStats } from "@/lib/queries/categories";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Categories" };

export default async function CategoriesPage() {
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Categories</h1>
          <p className="subtitle">Every bounce falls in one of 16 categories, grouped by whose side the problem is on.</p>
        </div>
      </div>
      <CategoryGroups stats={await getCategoryStats()} />
    </>
  );
}
