import { AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, EC2Client } from "@aws-sdk/client-ec2";
import { CreateAccountCommand, CreateOrganizationCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";

const creds = { accessKeyId: "testing", secretAccessKey: "testing" };

/**
 * An organization of `accounts` member accounts in the AWS emulator at `url`, one of them with SSH open
 * to the world (a finding every collection agrees on). Answers the member account ids.
 */
export async function createMotoOrganization(url: string, accounts: number): Promise<string[]> {
  const org = new OrganizationsClient({ region: "us-east-1", endpoint: url, credentials: creds });
  await org.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
  const ids: string[] = [];
  for (let i = 0; i < accounts; i++) {
    const out = await org.send(new CreateAccountCommand({ AccountName: `m${i}-dev`, Email: `m${i}@example.com` }));
    ids.push(out.CreateAccountStatus!.AccountId!);
  }
  const sts = new STSClient({ region: "us-east-1", endpoint: url, credentials: creds });
  const role = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${ids[0]}:role/OrganizationAccountAccessRole`,
      RoleSessionName: "setup",
    }),
  );
  const c = role.Credentials!;
  const ec2 = new EC2Client({
    region: "us-east-1",
    endpoint: url,
    credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken },
  });
  const sg = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: "bastion", Description: "bastion" })))
    .GroupId!;
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: sg,
      IpProtocol: "tcp",
      FromPort: 22,
      ToPort: 22,
      CidrIp: "0.0.0.0/0",
    }),
  );
  return ids;
}
