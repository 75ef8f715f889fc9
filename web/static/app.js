// Progressive enhancement only: every page works without it.
// On a document's page, a link to a paragraph the corpus no longer holds
// (it was reindexed since the link was made) says so and offers a search.
(function () {
  "use strict";
  function check() {
    var gone = document.getElementById("gone");
    var id = decodeURIComponent(location.hash.slice(1));
    if (!gone) return;
    if (!id || document.getElementById(id)) { gone.hidden = true; return; }
    var search = document.getElementById("gone-search");
    if (search) {
      search.href = "/search?q=" + encodeURIComponent(id.replace(/^(ref|fn)\./, "").replace(/[-.]/g, " "));
    }
    gone.hidden = false;
  }
  window.addEventListener("hashchange", check);
  document.addEventListener("DOMContentLoaded", check);
})();
