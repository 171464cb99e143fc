/* testimonia static site: search over the index in search-index.js (window.TESTIMONIA_SEARCH).
   Folds and splits text exactly as export/site/search_index.py does: keep the two in step.
   Results are built with textContent only, never innerHTML, so no indexed text becomes markup. */
(function () {
  "use strict";
  var data = window.TESTIMONIA_SEARCH;
  var form = document.getElementById("search-form");
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  if (!form || !input || !status) { return; }
  if (!data) { status.textContent = "The search index (search-index.js) did not load."; return; }
  var terms = Object.keys(data.terms);
  var LIMIT = 100;

  function fold(text) {
    return text.toLowerCase().replace(/ё/g, "е").normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "").normalize("NFC");
  }
  function words(text) { return fold(text).match(/[\p{L}\p{N}]+/gu) || []; }

  // For one query word: document number -> occurrences of every indexed word it begins.
  function scores(word) {
    var found = new Map();
    for (var i = 0; i < terms.length; i++) {
      if (terms[i].lastIndexOf(word, 0) !== 0) { continue; }
      var postings = data.terms[terms[i]];
      for (var j = 0; j < postings.length; j += 2) {
        found.set(postings[j], (found.get(postings[j]) || 0) + postings[j + 1]);
      }
    }
    return found;
  }

  function searchDocuments(query) {
    var total = null;
    query.forEach(function (word) {
      var found = scores(word);
      if (total === null) { total = found; return; }
      var both = new Map();
      total.forEach(function (score, number) {
        if (found.has(number)) { both.set(number, score + found.get(number)); }
      });
      total = both;
    });
    var hits = Array.from(total || new Map());
    hits.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    return hits;
  }

  function searchEntities(query) {
    return data.entities.filter(function (entity) {
      var names = entity[3].split(" ");
      return query.every(function (word) {
        return names.some(function (name) { return name.lastIndexOf(word, 0) === 0; });
      });
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function show(text) {
    var query = words(text);
    var list = document.getElementById("results");
    var people = document.getElementById("entity-results");
    list.textContent = "";
    people.textContent = "";
    document.getElementById("document-hits").hidden = true;
    document.getElementById("entity-hits").hidden = true;
    if (!query.length) { status.textContent = text.trim() ? "Type a word with letters or digits." : ""; return; }
    var hits = searchDocuments(query);
    var entities = searchEntities(query);
    status.textContent = hits.length + (hits.length === 1 ? " document" : " documents") + " and " +
      entities.length + (entities.length === 1 ? " register entry" : " register entries") +
      " match “" + query.join(" ") + "”" + (hits.length > LIMIT ? "; the first " + LIMIT + " are shown." : ".");
    entities.slice(0, LIMIT).forEach(function (entity) {
      var item = element("li", "entity-hit");
      var link = element("a", "entity entity-" + entity[2], entity[1]);
      link.href = entity[0];
      item.appendChild(link);
      item.appendChild(element("span", "muted", " " + entity[2]));
      people.appendChild(item);
    });
    hits.slice(0, LIMIT).forEach(function (hit) {
      var doc = data.documents[hit[0]];
      var item = element("li", "hit");
      var link = element("a", "hit-title", doc[1]);
      link.href = doc[0];
      item.appendChild(link);
      if (doc[2]) { item.appendChild(element("span", "muted", " · " + doc[2])); }
      item.appendChild(element("p", "snippet", doc[4]));
      list.appendChild(item);
    });
    document.getElementById("document-hits").hidden = hits.length === 0;
    document.getElementById("entity-hits").hidden = entities.length === 0;
  }

  var pending = null;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    show(input.value);
    try {
      history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
    } catch (error) { /* some browsers refuse to change the address of a page opened from disk */ }
  });
  input.addEventListener("input", function () {
    clearTimeout(pending);
    pending = setTimeout(function () { show(input.value); }, 150);
  });
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) { input.value = initial; show(initial); }
}());
