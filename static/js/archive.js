// Progressive enhancement only: every page works without this file.
// Adds "Copy" buttons to citations when the browser offers the clipboard.
(function () {
  "use strict";
  if (!navigator.clipboard || !document.querySelectorAll) {
    return;
  }
  document.querySelectorAll(".cite-box .citation").forEach(function (citation) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = "Copy";
    var style = citation.previousElementSibling ? citation.previousElementSibling.textContent : "";
    button.setAttribute("aria-label", "Copy the " + style + " citation");
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(citation.textContent.trim()).then(function () {
        button.textContent = "Copied";
        window.setTimeout(function () {
          button.textContent = "Copy";
        }, 2000);
      });
    });
    citation.insertAdjacentElement("afterend", button);
  });
})();
