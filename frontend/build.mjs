// Builds Pledge's static assets into build/static, which Django serves as a static files dir.
// Run by `make install` (npm run build); nothing is fetched at run time.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const out = join(root, "build", "static");

mkdirSync(join(out, "govuk"), { recursive: true });
cpSync(join(govuk, "assets"), join(out, "govuk", "assets"), { recursive: true });
cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk", "govuk-frontend.min.js"));
cpSync(join(root, "frontend", "init.mjs"), join(out, "init.mjs"));
cpSync(join(root, "node_modules", "axe-core", "axe.min.js"), join(out, "..", "axe.min.js"));

const css = sass.compile(join(root, "frontend", "pledge.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
});
writeFileSync(join(out, "pledge.css"), css.css);
console.log(`Built ${out}`);
