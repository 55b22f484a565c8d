// Live calls: every few seconds, replace the list of waiting callers in place. The desk phone
// field is outside the list, so what the operator types stays. No library.
(function () {
  "use strict";
  var rows = document.getElementById("call-rows");
  if (!rows) { return; }
  var count = document.getElementById("call-count");
  var none = document.getElementById("no-calls");
  function poll() {
    fetch(rows.dataset.url, {credentials: "same-origin", headers: {"Accept": "text/html"}})
      .then(function (answer) {
        if (!answer.ok) { throw new Error(String(answer.status)); }
        return answer.text().then(function (html) {
          return {html: html, count: answer.headers.get("X-Call-Count") || "0",
                  label: answer.headers.get("X-Call-Label") || ""};
        });
      })
      .then(function (got) {
        rows.innerHTML = got.html;
        count.textContent = got.count + " " + got.label;
        none.hidden = got.count !== "0";
      })
      .catch(function () { /* keep the list shown; the next round tries again */ });
  }
  setInterval(poll, 5000);
}());
