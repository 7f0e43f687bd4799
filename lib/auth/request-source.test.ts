import { afterEach, describe, expect, it, vi } from "vitest";

async function load(envVars: Record<string, string | undefined>) {
  vi.resetModules();
  for (const [k, v] of Object.entries(envVars)) vi.stubEnv(k, v);
  return import("./request-source");
}

const h = (headers: Record<string, string>) => new Headers(headers);

afterEach(() => vi.unstubAllEnvs());

describe("where a request came from", () => {
  it("believes only the socket's stamp when no proxy is trusted", async () => {
    const { clientAddress, requestProtocol } = await load({ TRUST_PROXY: undefined, BETTER_AUTH_URL: undefined });
    const spoofed = h({ "x-forwarded-for": "6.6.6.6", "x-forwarded-proto": "https", "x-rebound-peer": "192.0.2.7", "x-rebound-proto": "http" });
    expect(clientAddress(spoofed)).toBe("192.0.2.7");
    expect(requestProtocol(spoofed)).toBe("http");
  });

  it("takes the address a trusted proxy appended, not the ones a client wrote before it", async () => {
    const { clientAddress, requestProtocol } = await load({ TRUST_PROXY: "true", BETTER_AUTH_URL: undefined });
    const viaProxy = h({ "x-forwarded-for": "6.6.6.6, 203.0.113.9", "x-forwarded-proto": "https", "x-rebound-peer": "10.0.0.2", "x-rebound-proto": "http" });
    expect(clientAddress(viaProxy)).toBe("203.0.113.9");
    expect(requestProtocol(viaProxy)).toBe("https");
    expect(clientAddress(h({ "x-rebound-peer": "10.0.0.2" }))).toBe("10.0.0.2");
  });

  it("follows BETTER_AUTH_URL's protocol when the site's address is set", async () => {
    const { requestProtocol } = await load({ TRUST_PROXY: undefined, BETTER_AUTH_URL: "https://rebound.example.com" });
    expect(requestProtocol(h({ "x-rebound-proto": "http" }))).toBe("https");
  });
});
