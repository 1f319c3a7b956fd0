import NextAuth from "next-auth";
import { NextResponse } from "next/server";
import { authOptions } from "@/lib/auth/options";

// next-auth's own endpoints: provider redirects and callbacks, CSRF token, credentials sign-in.
// Its state, PKCE and nonce cookies are HttpOnly, SameSite=Lax and Secure behind https.
// "_log" (the browser client's error reporting) is closed: anyone could write to the server log through it.
const handler = async (request: Request, context: { params: Promise<{ nextauth: string[] }> }) => {
  const { nextauth } = await context.params;
  if (nextauth[0] === "_log") return NextResponse.json({ error: "not found" }, { status: 404 });
  return NextAuth(request as never, { params: Promise.resolve({ nextauth }) } as never, authOptions());
};

export { handler as GET, handler as POST };
