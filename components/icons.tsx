import type { SVGProps } from "react";

// Outline icons drawn on a 24-unit grid; decorative, so hidden from assistive technology.
function Icon({ children, ...props }: SVGProps<SVGSVGElement>) {
  return (
    <svg
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      {...props}
    >
      {children}
    </svg>
  );
}

export const icons = {
  overview: (p: SVGProps<SVGSVGElement>) => (
    <Icon {...p}>
      <path d="M3 13h8V3H3zM13 21h8v-8h-8zM13 3v6h8V3zM3 21h8v-4H3z" />
    </Icon>
  ),
  accounts: (p: SVGProps<SVGSVGElement>) => (
    <Icon {...p}>
      <path d="M4 21V7l8-4 8 4v14M9 21v-6h6v6M8 10h.01M12 10h.01M16 10h.01" />
    </Icon>
  ),
  findings: (p: SVGProps<SVGSVGElement>) => (
    <Icon {...p}>
      <path d="M12 3 2.5 20h19zM12 10v4M12 17h.01" />
    </Icon>
  ),
  checks: (p: SVGProps<SVGSVGElement>) => (
    <Icon {...p}>
      <path d="M9 6h11M9 12h11M9 18h11M4 6l1 1 2-2M4 12l1 1 2-2M4 18l1 1 2-2" />
    </Icon>
  ),
  compliance: (p: SVGProps<SVGSVGElement>) => (
    <Icon {...p}>
      <path d="M7 3h7l5 5v13H7zM14 3v5h5M10 13l2 2 4-4" />
    </Icon>
  ),
  guardduty: (p: SVGProps<SVGSVGElement>) => (
    <Icon {...p}>
      <path d="M12 3 4 6v6c0 4.5 3.4 8.3 8 9 4.6-.7 8-4.5 8-9V6zM9 12l2 2 4-4" />
    </Icon>
  ),
  costs: (p: SVGProps<SVGSVGElement>) => (
    <Icon {...p}>
      <path d="M12 2v20M17 6H9.5a3.5 3.5 0 0 0 0 7h5a3.5 3.5 0 0 1 0 7H6" />
    </Icon>
  ),
  changes: (p: SVGProps<SVGSVGElement>) => (
    <Icon {...p}>
      <path d="M7 4v16M7 20l-3-3M7 20l3-3M17 20V4M17 4l-3 3M17 4l3 3" />
    </Icon>
  ),
  timeline: (p: SVGProps<SVGSVGElement>) => (
    <Icon {...p}>
      <path d="M6 3v18M6 6h.01M6 12h.01M6 18h.01M10 6h10M10 12h7M10 18h9" />
    </Icon>
  ),
  trends: (p: SVGProps<SVGSVGElement>) => (
    <Icon {...p}>
      <path d="M3 17l6-6 4 4 8-8M15 7h6v6" />
    </Icon>
  ),
  canaries: (p: SVGProps<SVGSVGElement>) => (
    <Icon {...p}>
      <path d="M15 7a4 4 0 1 1-3.9 4.9L3 20v-3h3v-3h3l2.1-2.1A4 4 0 0 1 15 7zM16 10h.01" />
    </Icon>
  ),
  investigate: (p: SVGProps<SVGSVGElement>) => (
    <Icon {...p}>
      <path d="M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14zM21 21l-5-5" />
    </Icon>
  ),
  runs: (p: SVGProps<SVGSVGElement>) => (
    <Icon {...p}>
      <path d="M21 12a9 9 0 1 1-3-6.7M21 3v6h-6M12 7v5l3 2" />
    </Icon>
  ),
  settings: (p: SVGProps<SVGSVGElement>) => (
    <Icon {...p}>
      <path d="M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6z" />
      <path d="M19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z" />
    </Icon>
  ),
  shield: (p: SVGProps<SVGSVGElement>) => (
    <Icon {...p}>
      <path d="M12 3 4 6v6c0 4.5 3.4 8.3 8 9 4.6-.7 8-4.5 8-9V6z" />
    </Icon>
  ),
} as const;

export type IconName = keyof typeof icons;
