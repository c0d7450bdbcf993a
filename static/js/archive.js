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
      navigator.clipboard.writeText(citation.textContent.trim()).then(
        function () {
          say("Copied");
        },
        function () {
          // The browser refused the clipboard: the citation is selected for the reader to copy.
          var range = document.createRange();
          range.selectNodeContents(citation);
          var selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
          say("Selected: press Ctrl+C");
        }
      );
    });
    function say(text) {
      button.textContent = text;
      window.setTimeout(function () {
        button.textContent = "Copy";
      }, 2000);
    }
    citation.insertAdjacentElement("afterend", button);
  });
})();
