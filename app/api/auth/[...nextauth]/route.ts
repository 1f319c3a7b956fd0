import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { problem, problemResponse } from "@/lib/contracts/errors";

// next-auth's own endpoints: provider redirects and callbacks, CSRF token, credentials sign-in.
// Its state, PKCE and nonce cookies are HttpOnly, SameSite=Lax and Secure behind https.
// "_log" (the browser client's error reporting) is closed: anyone could write to the server log through it.
const handler = async (request: Request, context: { params: Promise<{ nextauth: string[] }> }) => {
  const { nextauth } = await context.params;
  if (nextauth[0] === "_log") return problemResponse(problem("not-found", "not found"));
  return NextAuth(request as never, { params: Promise.resolve({ nextauth }) } as never, authOptions());
};

export { handler as GET, handler as POST };
