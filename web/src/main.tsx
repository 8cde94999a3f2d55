import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "@digital-go-jp/design-tokens/dist/tokens.css";
import "./styles.css";
import { App } from "./App";

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
