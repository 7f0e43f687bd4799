/**
 * A user of that role and a bearer token for them, for tests that call route handlers. Imported
 * lazily: some tests set the environment (vi.hoisted) before the app's modules read it.
 */
export async function apiTokenFor(email: string, role: "viewer" | "member" | "admin"): Promise<string> {
  const { createUser } = await import("@/lib/auth/users");
  const { createApiToken } = await import("@/lib/auth/tokens");
  const user = await createUser({ email, password: `${role} test passphrase`, role });
  return (await createApiToken(user.id, `${role} test`)).token;
}
