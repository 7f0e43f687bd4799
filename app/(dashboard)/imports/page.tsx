import type { Metadata } from "next";
import { canEdit } from "@/lib/auth/current-user";
import { ImportsTable } from "@/components/imports/imports-table";
import { UploadDropzone } from "@/components/upload/upload-dropzone";
import { env } from "@/lib/env";
import { listImports } from "@/lib/queries/imports";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Upload & imports" };

export default async function ImportsPage() {
  const [imports, editable] = await Promise.all([listImports(50), canEdit()]);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Upload & imports</h1>
          <p className="subtitle">Rebound recognises the layout, keeps the original file and reports every row it could not use.</p>
        </div>
      </div>
      {editable ? (
        <UploadDropzone maxBytes={env.MAX_UPLOAD_BYTES} />
      ) : (
        <p className="alert info">Viewers can see imports but not upload. Ask an admin for the member role.</p>
      )}
      <h2>Imports</h2>
      <ImportsTable imports={imports} />
    </>
  );
}
