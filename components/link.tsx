// eslint-disable-next-line no-restricted-imports -- the one module that wraps it
import NextLink from "next/link";
import type { ComponentProps } from "react";

/**
 * The app's link: Next's `<Link>` (client-side navigation, `useLinkStatus`) without prefetching.
 * Every page here is dynamic and has no loading.js, and for such a page Next's automatic prefetch
 * fetches the entire page: each link that scrolls into view costs the server a full render (the
 * session check, the viewer's scope and every query of the page) whether or not anyone follows it;
 * the navigation alone made nine of them per page view, and a list of runs one per row. A click
 * renders its page once; the navigation shows it pending meanwhile (components/nav-links.tsx).
 */
export function Link(props: Omit<ComponentProps<typeof NextLink>, "prefetch">) {
  return <NextLink {...props} prefetch={false} />;
}
