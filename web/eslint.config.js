import globals from "globals";
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

export default tseslint.config(
  { ignores: ["dist", "node_modules"] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ["src/**/*.{ts,tsx}", "test/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Nothing on the tablet: browser storage is never used (product.md).
      "no-restricted-globals": [
        "error",
        { name: "localStorage", message: "Nothing on the tablet: keep state in memory." },
        { name: "sessionStorage", message: "Nothing on the tablet: keep state in memory." },
        { name: "indexedDB", message: "Nothing on the tablet: keep state in memory." },
        { name: "caches", message: "Nothing on the tablet: no Cache Storage." },
      ],
      "no-restricted-properties": [
        "error",
        { object: "navigator", property: "serviceWorker", message: "No service worker." },
        { object: "window", property: "localStorage", message: "Nothing on the tablet." },
        { object: "window", property: "sessionStorage", message: "Nothing on the tablet." },
      ],
    },
  },
  {
    // Node scripts whose page.evaluate() callbacks run in the browser: both sets of globals.
    files: ["e2e/**/*.mjs"],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
