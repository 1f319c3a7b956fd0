import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { collectorSettings, hubCredentialSource } from "./settings";

const emptyHome = () => mkdtempSync(path.join(tmpdir(), "posture-home-"));

describe("hubCredentialSource", () => {
  it("is none without any credential configuration, so nothing calls AWS or instance metadata", () => {
    expect(hubCredentialSource(parseEnv({}), emptyHome())).toBe("none");
  });
  it("sees environment credentials, profiles, web identity and container credentials", () => {
    const home = emptyHome();
    for (const v of [
      { AWS_ACCESS_KEY_ID: "AKIA" },
      { AWS_PROFILE: "audit" },
      { AWS_WEB_IDENTITY_TOKEN_FILE: "/t" },
      { AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: "/v2/creds" },
    ]) {
      expect(hubCredentialSource(parseEnv(v), home), JSON.stringify(v)).toBe("configured");
    }
  });
  it("sees a shared config file", () => {
    const home = emptyHome();
    mkdirSync(path.join(home, ".aws"));
    writeFileSync(path.join(home, ".aws", "config"), "[default]\nregion = eu-west-1\n");
    expect(hubCredentialSource(parseEnv({}), home)).toBe("configured");
  });
  it("uses the instance role only when told to", () => {
    expect(hubCredentialSource(parseEnv({ POSTURE_USE_INSTANCE_ROLE: "true" }), emptyHome())).toBe("instance-role");
  });
  it("never keeps the access key itself", () => {
    expect(JSON.stringify(collectorSettings(parseEnv({ AWS_ACCESS_KEY_ID: "AKIAEXAMPLE123" })))).not.toContain(
      "AKIAEXAMPLE123",
    );
    expect(parseEnv({ AWS_ACCESS_KEY_ID: "AKIAEXAMPLE123" }).AWS_ACCESS_KEY_ID).toBe("set");
  });
});
