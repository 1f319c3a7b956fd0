// Inventory builders for the ECR checks' tests.
import type { EcrRegistryScanning, EcrRepository } from "@/lib/aws/ecr/types";
import { ACCOUNT } from "../fixtures";

export const REGION = "eu-west-1";

export function repo(name: string, scanOnPush: boolean): EcrRepository {
  return { arn: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/${name}`, name, scanOnPush };
}

export const BASIC_NO_RULES: EcrRegistryScanning = { scanType: "BASIC", rules: [] };
