import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";

// next-auth's own endpoints: provider redirects and callbacks, CSRF token, credentials sign-in.
// Its state, PKCE and nonce cookies are HttpOnly, SameSite=Lax and Secure behind https.
const handler = (request: Request, context: { params: Promise<{ nextauth: string[] }> }) => NextAuth(request as never, context as never, authOptions());

export { handler as GET, handler as POST };
