import type { ReactNode } from "react";
import { SettingsTabs } from "./tabs";

/** Tabs only. Each settings page authorizes itself: a layout is not re-run on client navigation. */
export default function SettingsLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <SettingsTabs />
      {children}
    </>
  );
}
