// eslint-disable-next-line no-restricted-imports -- the one module that wraps it
import NextLink from "next/link";
import type { ComponentProps } from "react";

/**
 * Next's `<Link>` without prefetching: every page here is dynamic with no loading.js, so a prefetch is
 * a full server render of the page for each link that scrolls into view, followed or not
 * (docs/architecture.md "Links do not prefetch").
 */
export function Link(props: Omit<ComponentProps<typeof NextLink>, "prefetch">) {
  return <NextLink {...props} prefetch={false} />;
}
