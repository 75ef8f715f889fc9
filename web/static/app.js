// Progressive enhancement only: every page works without it.
// On a document's page, a link to a paragraph the corpus no longer holds
// (it was reindexed since the link was made) says so and offers a search.
// A long document is read a page at a time: a link made before it was
// paged (/d/<id>#<paragraph>) is asked again as /d/<id>?p=<paragraph>,
// which the server answers with the page that holds it.
(function () {
  "use strict";
  function check() {
    var gone = document.getElementById("gone");
    var id = decodeURIComponent(location.hash.slice(1));
    if (!gone) return;
    if (!id || document.getElementById(id)) { gone.hidden = true; return; }
    var article = document.querySelector("article.document[data-pages]");
    if (article && !/[?&]p=/.test(location.search)) {
      location.replace(location.pathname + "?p=" + encodeURIComponent(id) + location.hash);
      return;
    }
    var search = document.getElementById("gone-search");
    if (search) {
      search.href = "/search?q=" + encodeURIComponent(id.replace(/^(ref|fn|s)\./, "").replace(/[-.]/g, " "));
    }
    gone.hidden = false;
  }
  window.addEventListener("hashchange", check);
  document.addEventListener("DOMContentLoaded", check);
})();
