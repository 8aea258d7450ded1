// Starts GOV.UK Frontend's components. Every page works without it: this only enhances.
import { initAll } from "./govuk/govuk-frontend.min.js";

initAll();

// Escape hides a figure's source (scorecard) until the pointer or focus leaves it.
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  for (const trace of document.querySelectorAll(".pledge-trace:hover, .pledge-trace:focus-within")) {
    trace.classList.add("pledge-trace--dismissed");
    const reset = () => trace.classList.remove("pledge-trace--dismissed");
    trace.addEventListener("mouseleave", reset, { once: true });
    trace.addEventListener("focusout", reset, { once: true });
  }
});
