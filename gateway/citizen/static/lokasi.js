// "Use my location" on the citizens' form: only with JavaScript and a phone that knows where
// it is. The phone's coordinates go to the gateway, which names the desa from the city's own
// boundary file (no map service); the form works the same without this script.
(function () {
  "use strict";
  var button = document.getElementById("locate");
  var status = document.getElementById("locate-status");
  var place = document.getElementById("place");
  if (!button || !status || !place || !navigator.geolocation || !window.fetch) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = button.dataset.locating;
    navigator.geolocation.getCurrentPosition(function (position) {
      var lat = position.coords.latitude.toFixed(6);
      var lon = position.coords.longitude.toFixed(6);
      document.getElementById("lat").value = lat;
      document.getElementById("lon").value = lon;
      var url = button.dataset.url + "&lat=" + lat + "&lon=" + lon;
      fetch(url, { credentials: "same-origin" }).then(function (response) {
        return response.json().then(function (answer) {
          if (response.ok) { place.value = answer.code; }
          status.textContent = answer.message;
        });
      }).catch(function () { status.textContent = button.dataset.failed; });
    }, function () {
      status.textContent = button.dataset.failed;
    }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  });
}());
