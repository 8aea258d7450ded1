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

// Words written to young people: their reading age, worked out again a moment after typing stops
// (core/forms.html `plain_words`; without this, the page shows it for the words as saved).
for (const readout of document.querySelectorAll("[data-reading-age-for]")) {
  const textarea = document.getElementById(readout.dataset.readingAgeFor);
  const token = textarea?.form?.querySelector("[name=csrfmiddlewaretoken]");
  if (!textarea || !token) continue;
  let timer;
  textarea.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const body = new FormData();
      body.append("text", textarea.value);
      body.append("csrfmiddlewaretoken", token.value);
      try {
        const response = await fetch(readout.dataset.readingAgeUrl, { method: "POST", body });
        // Signed out meanwhile: the answer is the sign-in page, not a reading age.
        if (response.ok && !response.redirected) readout.innerHTML = await response.text();
      } catch {
        // Offline for a moment: the readout keeps its last figure until the next pause.
      }
    }, 600);
  });
}
