import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and engine packages are loaded from node_modules at run time, not bundled.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "busboy"],
  poweredByHeader: false,
  typedRoutes: false,
  // Uploads stream through route handlers; server actions carry only small forms.
  experimental: { serverActions: { bodySizeLimit: "1mb" } },
  // Pages get theirs (with the CSP nonce) from proxy.ts; the API is not proxied (streamed uploads).
  async headers() {
    return [
      {
        source: "/api/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" },
          { key: "Cache-Control", value: "no-store" },
        ],
      },
    ];
  },
};

export default nextConfig;
