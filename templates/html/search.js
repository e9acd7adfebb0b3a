// teikit edition search: runs in the reader's browser from disk (file://), no
// server and no fetch(): the index is a script file (search-index.js) loaded on
// first use, or already inlined in a single-file edition. Matching ignores case
// and accents (é = e, ё = е, й = и) and works in any script, Cyrillic included.
(function () {
  "use strict";
  var form = document.getElementById("search");
  var input = document.getElementById("search-q");
  var out = document.getElementById("search-results");
  if (!form || !input || !out) return;
  form.classList.add("search-ready");
  var MAX_RESULTS = 50;
  var prepared = null;
  var pending = null;
  var timer = null;

  // Lower case, accents and other combining marks removed.
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f\u0483-\u0489]/g, "").toLowerCase();
  }

  // The folded text with, for each of its characters, the index in the original.
  function foldWithMap(s) {
    var folded = "", map = [];
    for (var i = 0; i < s.length; i++) {
      var f = fold(s[i]);
      for (var k = 0; k < f.length; k++) { folded += f[k]; map.push(i); }
    }
    map.push(s.length);
    return { text: folded, map: map };
  }

  function prepare(index) {
    var docs = [];
    for (var d = 0; d < index.length; d++) {
      var doc = index[d];
      var parts = [{ id: "", text: doc.title, norm: fold(doc.title) }];
      for (var p = 0; p < doc.paragraphs.length; p++) {
        var para = doc.paragraphs[p];
        parts.push({ id: para[0], text: para[1], norm: fold(para[1]) });
      }
      docs.push({ doc: doc, parts: parts });
    }
    return docs;
  }

  function withIndex(then) {
    if (prepared) return then();
    if (window.TEIKIT_SEARCH_INDEX) {
      prepared = prepare(window.TEIKIT_SEARCH_INDEX);
      return then();
    }
    pending = then;
    if (document.getElementById("search-index-script")) return;
    status("Loading the search index…");
    var script = document.createElement("script");
    script.id = "search-index-script";
    script.src = form.getAttribute("data-index");
    script.onload = function () {
      prepared = prepare(window.TEIKIT_SEARCH_INDEX || []);
      var next = pending;
      pending = null;
      if (next) next();
    };
    script.onerror = function () { status("The search index could not be loaded."); };
    document.head.appendChild(script);
  }

  function status(text) {
    out.hidden = false;
    out.textContent = "";
    var p = document.createElement("p");
    p.className = "search-status";
    p.textContent = text;
    out.appendChild(p);
  }

  function snippet(text, term) {
    var f = foldWithMap(text);
    var at = f.text.indexOf(term);
    var frag = document.createDocumentFragment();
    if (at < 0) {
      frag.appendChild(document.createTextNode(text.length > 200 ? text.slice(0, 200) + "…" : text));
      return frag;
    }
    var start = f.map[at], end = f.map[at + term.length - 1] + 1;
    var from = Math.max(0, start - 80), to = Math.min(text.length, end + 80);
    frag.appendChild(document.createTextNode((from > 0 ? "…" : "") + text.slice(from, start)));
    var mark = document.createElement("mark");
    mark.textContent = text.slice(start, end);
    frag.appendChild(mark);
    frag.appendChild(document.createTextNode(text.slice(end, to) + (to < text.length ? "…" : "")));
    return frag;
  }

  function search(query) {
    var terms = fold(query).split(/\s+/).filter(function (t) { return t.length > 0; });
    if (terms.length === 0) {
      out.hidden = true;
      out.textContent = "";
      return;
    }
    var hits = [], total = 0;
    for (var d = 0; d < prepared.length; d++) {
      var entry = prepared[d];
      var whole = entry.parts.map(function (p) { return p.norm; }).join("\n");
      if (!terms.every(function (t) { return whole.indexOf(t) >= 0; })) continue;
      // The first paragraph holding every term, else the first holding one;
      // the title (part 0) only when no paragraph matches.
      var best = null;
      var every = function (part) { return terms.every(function (t) { return part.norm.indexOf(t) >= 0; }); };
      var some = function (part) { return terms.some(function (t) { return part.norm.indexOf(t) >= 0; }); };
      [every, some].forEach(function (test) {
        for (var p = 1; p < entry.parts.length && !best; p++) {
          if (test(entry.parts[p])) best = entry.parts[p];
        }
      });
      total++;
      if (hits.length < MAX_RESULTS) hits.push({ doc: entry.doc, part: best || entry.parts[0] });
    }
    render(query, terms, hits, total);
  }

  function render(query, terms, hits, total) {
    out.hidden = false;
    out.textContent = "";
    var h = document.createElement("h2");
    h.id = "search-results-title";
    h.textContent = total === 0
      ? "No document contains “" + query + "”"
      : total + (total === 1 ? " document contains “" : " documents contain “") + query + "”"
        + (total > hits.length ? " (first " + hits.length + " shown)" : "");
    out.appendChild(h);
    if (hits.length === 0) return;
    var list = document.createElement("ol");
    list.className = "search-hits";
    hits.forEach(function (hit) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      // In a single-file edition a document's href is already a fragment.
      var page = hit.doc.href.charAt(0) === "#" ? "" : hit.doc.href;
      a.href = hit.part.id ? page + "#" + hit.part.id : hit.doc.href;
      a.className = "search-hit";
      var num = document.createElement("span");
      num.className = "hit-number";
      num.textContent = hit.doc.label;
      a.appendChild(num);
      a.appendChild(document.createTextNode(" "));
      var title = document.createElement("span");
      title.className = "hit-title";
      title.textContent = hit.doc.title;
      a.appendChild(title);
      li.appendChild(a);
      if (hit.doc.date) {
        var date = document.createElement("span");
        date.className = "hit-date";
        date.textContent = " · " + hit.doc.date;
        li.appendChild(date);
      }
      var p = document.createElement("p");
      p.className = "hit-snippet";
      var term = terms.filter(function (t) { return hit.part.norm.indexOf(t) >= 0; })[0] || terms[0];
      p.appendChild(snippet(hit.part.text, term));
      li.appendChild(p);
      list.appendChild(li);
    });
    out.appendChild(list);
  }

  function run() {
    var query = input.value;
    withIndex(function () { search(query); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    run();
  });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  });
  // A search link (`index.html?q=word`) runs the search on opening.
  var match = /[?&]q=([^&#]*)/.exec(window.location.search);
  if (match) {
    input.value = decodeURIComponent(match[1].replace(/\+/g, " "));
    run();
  }
})();
