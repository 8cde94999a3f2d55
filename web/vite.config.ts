import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// The app is served by `yorisoi` itself (the files are embedded into the binary at build time):
// no service worker, no manifest, no inline script (the server's CSP allows only 'self').
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // One JS and one CSS file: nothing to preload, and no inline module-preload polyfill.
    modulePreload: false,
    assetsInlineLimit: 0,
    sourcemap: false,
    target: "es2022",
  },
  test: {
    environment: "jsdom",
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
  },
});
