// Live queue: every few seconds, ask for reports newer than the newest shown and add them on top,
// marked "baru". No library, nothing from the internet.
(function () {
  "use strict";
  var body = document.getElementById("rows");
  if (!body || body.dataset.live !== "on") { return; }
  var status = document.getElementById("live");
  var seen = 0;
  function poll() {
    var url = body.dataset.url + (body.dataset.url.indexOf("?") < 0 ? "?" : "&") +
      "after=" + encodeURIComponent(body.dataset.after);
    fetch(url, {credentials: "same-origin", headers: {"Accept": "text/html"}})
      .then(function (answer) { return answer.ok ? answer.text() : ""; })
      .then(function (html) {
        if (!html.trim()) { return; }
        var holder = document.createElement("tbody");
        holder.innerHTML = html;
        var rows = holder.querySelectorAll("tr.report");
        for (var i = rows.length - 1; i >= 0; i--) {
          body.insertBefore(rows[i], body.firstChild);
          body.dataset.after = Math.max(Number(body.dataset.after), Number(rows[i].dataset.id));
        }
        seen += rows.length;
        var empty = document.getElementById("empty");
        if (empty) { empty.hidden = true; }
        status.textContent = seen + " " + body.dataset.arrived;
      })
      .catch(function () { status.textContent = body.dataset.lost; });
  }
  setInterval(poll, 3000);
}());
