import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      ".next/**",
      ".data/**",
      ".build/**",
      "node_modules/**",
      "drizzle/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
    ],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: "Read configuration through lib/env.ts, which validates it once.",
        },
      ],
    },
  },
  {
    files: [
      "lib/env.ts",
      "lib/env.test.ts",
      "scripts/**",
      "e2e/**",
      "test/**",
      "*.config.ts",
      "*.config.mjs",
      "*.config.js",
      "next.config.js",
      "instrumentation.ts",
    ],
    rules: { "no-restricted-syntax": "off" },
  },
  {
    // The web layer never talks to AWS or runs collection itself (DESIGN.md "Layers").
    files: ["app/**", "components/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/lib/aws/*", "@/lib/collector/*"],
              message: "app/ never imports lib/aws or lib/collector; enqueue through the jobs API.",
            },
          ],
          paths: [
            {
              name: "next/link",
              importNames: ["default"],
              message: "Use Link from @/components/link: Next's would prefetch whole dynamic pages.",
            },
          ],
        },
      ],
    },
  },
];
export default config;
