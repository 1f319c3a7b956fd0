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
  // Layers (docs/architecture.md): what each folder of lib may not import. A relative path out of
  // the folder counts as much as an @/ one.
  {
    files: ["lib/domain/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^@/lib/(?!domain/)|^\\.\\./",
              message: "lib/domain is the shared vocabulary: it imports no other layer.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["lib/aws/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(@/lib/|(\\.\\./)+)(db|checks|collector|auth)(/|$)",
              message: "lib/aws reads AWS into plain types: no database, checks, collector or auth.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["lib/checks/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(@/lib/|(\\.\\./)+)(db|collector|auth|env)(/|$)",
              message: "Checks are pure: no database, collector, auth or environment; settings arrive as arguments.",
            },
            {
              regex: "^@/lib/aws/(?!inventory$)",
              allowTypeImports: true,
              message:
                "Checks import inventory types from lib/aws (import type), and values only from lib/aws/inventory.",
            },
          ],
        },
      ],
    },
  },
  {
    // Domain modules are pure: state machines and algorithms over plain data (DESIGN.md layer 5).
    files: ["lib/findings/**", "lib/cost/**", "lib/activity/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(@/lib/|(\\.\\./)+)(db|checks|collector|aws|auth|env|settings|jobs)(/|$)",
              message: "Domain modules are pure: no database, AWS, collector, auth or environment.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["lib/db/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(@/lib/|(\\.\\./)+)(checks|findings|settings|collector|aws|auth)(/|$)",
              message: "lib/db is persistence: no checks, collector, AWS or auth.",
            },
          ],
        },
      ],
    },
  },
  {
    // Contracts are imported by client components: zod, lib/domain and plain schemas only.
    files: ["lib/contracts/**"],
    ignores: ["lib/contracts/**/*.test.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^((@/lib/|(\\.\\./)+)(db|collector|aws|auth|jobs|env|log)(/|$)|server-only$|node:)",
              message: "lib/contracts reaches the browser: no database, AWS, collector, auth, jobs or Node modules.",
            },
          ],
        },
      ],
    },
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
