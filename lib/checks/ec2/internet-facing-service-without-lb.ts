import { defineCheck } from "../types";
import { worldCanReachTcpPort } from "./ports";
import { instanceArn, isRunning } from "./net";

const WEB_PORTS = [80, 443, 8080, 8443];

export default defineCheck({
  id: "internet_facing_service_without_lb",
  title: "Instance serves the web straight to the internet",
  description:
    "An instance with a public IP whose security group lets the world reach its web ports takes internet traffic directly, without a load balancer, WAF or TLS termination in front of it; its OS and web server are exposed to every scanner and DDoS attempt.",
  severity: "medium",
  service: "ec2",
  scope: "regional",
  frameworks: [{ framework: "AWS Foundational Security Best Practices", control: "EC2.9" }],
  remediation: {
    steps: [
      "Put an Application Load Balancer (optionally with AWS WAF) or CloudFront in front of the instance.",
      "Move the instance to a private subnet without a public IP, and allow the web ports only from the load balancer's security group.",
    ],
    cli: "aws elbv2 create-load-balancer --name web --subnets subnet-A subnet-B --security-groups sg-ALB\naws ec2 revoke-security-group-ingress --group-id sg-INSTANCE --protocol tcp --port 443 --cidr 0.0.0.0/0",
    terraform:
      'resource "aws_vpc_security_group_ingress_rule" "https_from_alb" {\n  security_group_id            = aws_security_group.instance.id\n  referenced_security_group_id = aws_security_group.alb.id\n  ip_protocol                  = "tcp"\n  from_port                    = 443\n  to_port                      = 443\n}',
  },
  requires: ["ec2Instances", "securityGroups"],
  evaluate: ({ accountId, region, partition, inventory }) => {
    const groups = new Map(inventory.securityGroups.map((g) => [g.groupId, g]));
    return inventory.ec2Instances.map((i) => {
      const resource = {
        resourceId: instanceArn(partition, region, accountId, i.instanceId),
        resourceType: "AWS::EC2::Instance",
      };
      if (!isRunning(i)) return { ...resource, status: "not_applicable", evidence: { state: i.state } };
      const open = i.securityGroupIds.flatMap((id) => {
        const ports = WEB_PORTS.filter((p) => groups.get(id)?.ingress.some((r) => worldCanReachTcpPort(r, p)));
        return ports.length > 0 ? [{ groupId: id, ports }] : [];
      });
      const unseen = i.securityGroupIds.filter((id) => !groups.has(id));
      const evidence = {
        publicIp: i.publicIp ?? null,
        securityGroupIds: i.securityGroupIds,
        worldOpenWebPorts: open,
        ...(unseen.length ? { unseenGroups: unseen } : {}),
      };
      if (!i.publicIp) return { ...resource, status: "pass", evidence };
      if (open.length > 0) return { ...resource, status: "fail", evidence };
      // A group we could not see may be the one that opens the port.
      return { ...resource, status: unseen.length > 0 ? "not_applicable" : "pass", evidence };
    });
  },
});
