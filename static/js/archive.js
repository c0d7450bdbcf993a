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
      copy(citation).then(
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
    function copy(citation) {
      var text = citation.textContent.trim();
      if (window.ClipboardItem && navigator.clipboard.write) {
        // As HTML too, so a word processor keeps APA's italic title; plain text elsewhere.
        return navigator.clipboard.write([
          new window.ClipboardItem({
            "text/plain": new Blob([text], { type: "text/plain" }),
            "text/html": new Blob([citation.innerHTML.trim()], { type: "text/html" }),
          }),
        ]);
      }
      return navigator.clipboard.writeText(text);
    }
    function say(text) {
      button.textContent = text;
      window.setTimeout(function () {
        button.textContent = "Copy";
      }, 2000);
    }
    citation.insertAdjacentElement("afterend", button);
  });
})();
