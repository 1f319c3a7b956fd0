import {
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
  LoadBalancerNotFoundException,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { listLoadBalancers } from "./elbv2";

const elbMock = mockClient(ElasticLoadBalancingV2Client);
afterEach(() => elbMock.reset());
const client = () =>
  new ElasticLoadBalancingV2Client({ region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });
const lbArn = (kind: string, name: string) =>
  `arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/${kind}/${name}/50dc6c495c0c9188`;

describe("listLoadBalancers", () => {
  it("lists every page and reads attributes for application load balancers only", async () => {
    elbMock
      .on(DescribeLoadBalancersCommand, { Marker: undefined })
      .resolves({
        LoadBalancers: [
          {
            LoadBalancerArn: lbArn("app", "web"),
            LoadBalancerName: "web",
            Type: "application",
            Scheme: "internet-facing",
          },
        ],
        NextMarker: "m2",
      })
      .on(DescribeLoadBalancersCommand, { Marker: "m2" })
      .resolves({
        LoadBalancers: [
          { LoadBalancerArn: lbArn("net", "tcp"), LoadBalancerName: "tcp", Type: "network", Scheme: "internal" },
        ],
      })
      .on(DescribeLoadBalancerAttributesCommand, { LoadBalancerArn: lbArn("app", "web") })
      .resolves({
        Attributes: [
          { Key: "routing.http.drop_invalid_header_fields.enabled", Value: "true" },
          { Key: "deletion_protection.enabled", Value: "false" },
        ],
      });

    await expect(listLoadBalancers(client())).resolves.toEqual([
      {
        arn: lbArn("app", "web"),
        name: "web",
        type: "application",
        scheme: "internet-facing",
        attributes: {
          "routing.http.drop_invalid_header_fields.enabled": "true",
          "deletion_protection.enabled": "false",
        },
      },
      { arn: lbArn("net", "tcp"), name: "tcp", type: "network", scheme: "internal" },
    ]);
    expect(elbMock.commandCalls(DescribeLoadBalancersCommand)).toHaveLength(2);
    expect(
      elbMock.commandCalls(DescribeLoadBalancerAttributesCommand).map((c) => c.args[0].input.LoadBalancerArn),
    ).toEqual([lbArn("app", "web")]);
  });

  it("keeps attributes never set out of the map (moto's answer), and drops a load balancer deleted meanwhile", async () => {
    elbMock
      .on(DescribeLoadBalancersCommand)
      .resolves({
        LoadBalancers: [
          { LoadBalancerArn: lbArn("app", "fresh"), Type: "application" },
          { LoadBalancerArn: lbArn("app", "gone"), Type: "application" },
        ],
      })
      .on(DescribeLoadBalancerAttributesCommand, { LoadBalancerArn: lbArn("app", "fresh") })
      .resolves({ Attributes: [] })
      .on(DescribeLoadBalancerAttributesCommand, { LoadBalancerArn: lbArn("app", "gone") })
      .rejects(new LoadBalancerNotFoundException({ message: "One or more load balancers not found", $metadata: {} }));
    const out = await listLoadBalancers(client());
    expect(out).toEqual([
      {
        arn: lbArn("app", "fresh"),
        name: lbArn("app", "fresh"),
        type: "application",
        scheme: undefined,
        attributes: {},
      },
    ]);
  });

  it("lets AccessDenied through", async () => {
    elbMock
      .on(DescribeLoadBalancersCommand)
      .resolves({ LoadBalancers: [{ LoadBalancerArn: lbArn("app", "web"), Type: "application" }] });
    elbMock
      .on(DescribeLoadBalancerAttributesCommand)
      .rejects(
        Object.assign(new Error("not authorized"), { name: "AccessDenied", $metadata: { httpStatusCode: 403 } }),
      );
    await expect(listLoadBalancers(client())).rejects.toMatchObject({ name: "AccessDenied" });
  });
});
