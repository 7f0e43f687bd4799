import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and engine packages are loaded from node_modules at run time, not bundled.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "busboy"],
  poweredByHeader: false,
  typedRoutes: false,
  // Uploads stream through route handlers; server actions carry only small forms.
  experimental: { serverActions: { bodySizeLimit: "1mb" } },
};

export default nextConfig;
