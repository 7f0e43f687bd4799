import type { Metadata } from "next";
import { ImportsTable } from "@/components/imports/imports-table";
import { UploadDropzone } from "@/components/upload/upload-dropzone";
import { env } from "@/lib/env";
import { listImports } from "@/lib/queries/imports";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Upload & imports" };

export default async function ImportsPage() {
  const imports = await listImports(50);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Upload & imports</h1>
          <p className="subtitle">Rebound recognises the layout, keeps the original file and reports every row it could not use.</p>
        </div>
      </div>
      <UploadDropzone maxBytes={env.MAX_UPLOAD_BYTES} />
      <h2>Imports</h2>
      <ImportsTable imports={imports} />
    </>
  );
}
