// cleaner report: document list, filters and viewer. Document strings are
// untrusted: they reach the page only through textContent and setAttribute.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var S = data.strings;
  var docs = data.docs;
  var list = document.getElementById("doc-list");
  var viewer = document.getElementById("viewer");
  var search = document.getElementById("f-search");
  var catSel = document.getElementById("f-cat");
  var langSel = document.getElementById("f-lang");
  var count = document.getElementById("f-count");
  var current = null;
  var mode = "source";

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function pct(x) { return (100 * x).toFixed(1) + "%"; }
  function num(n) { return Number(n).toLocaleString("en-US"); }
  function chip(cat) { return el("span", "chip c" + cat, S[cat]); }
  function filterCat() { return catSel.value === "" ? null : Number(catSel.value); }

  // The kept text, rebuilt from the pieces when the report left it out (render.py's
  // kept_from_pieces checked that this gives the record's text exactly).
  function keptText(d) {
    if (d.text !== null) return d.text;
    var kept = d.segs.filter(function (p) { return p.length === 1; })
      .map(function (p) { return p[0]; }).join("");
    d.text = kept.split("\n").map(function (l) { return l.trim(); })
      .filter(function (l) { return l.length > 0; }).join("\n");
    return d.text;
  }

  function haystack(d) {
    if (d.hay === undefined) {
      var parts = [d.id, keptText(d)];
      if (d.segs) d.segs.forEach(function (p) { parts.push(p[0]); });
      if (d.rm) d.rm.forEach(function (r) { parts.push(r[0]); });
      d.hay = parts.join("\n").toLowerCase();
    }
    return d.hay;
  }

  docs.forEach(function (d, i) {
    var li = el("li");
    li.dataset.index = String(i);
    li.dataset.cats = " " + d.cats.join(" ") + " ";
    li.dataset.lang = d.lang;
    var b = el("button");
    b.type = "button";
    b.appendChild(el("span", "doc-id", d.id));
    b.appendChild(el("span", "doc-facts",
      d.lang + " · " + pct(d.share) + " removed · " + num(d.removed) + " of " +
      num(d.removed + d.kept) + " chars"));
    var bar = el("span", "share-bar");
    var fill = el("span");
    fill.style.width = pct(d.share);
    bar.appendChild(fill);
    b.appendChild(bar);
    d.cats.forEach(function (c) { b.appendChild(chip(c)); });
    b.addEventListener("click", function () { select(i, true); });
    li.appendChild(b);
    list.appendChild(li);
    d.li = li;
  });

  function visible(d, q, cat, lang) {
    if (cat !== null && d.cats.indexOf(cat) < 0) return false;
    if (lang !== "" && d.lang !== lang) return false;
    return !q || haystack(d).indexOf(q) >= 0;
  }

  function applyFilters() {
    var q = search.value.trim().toLowerCase();
    var cat = filterCat();
    var lang = langSel.value;
    var shown = 0;
    var first = null;
    docs.forEach(function (d, i) {
      var ok = visible(d, q, cat, lang);
      d.li.hidden = !ok;
      if (ok) {
        shown += 1;
        if (first === null) first = i;
      }
    });
    count.textContent = "showing " + shown + " of " + docs.length;
    if (current !== null && !docs[current].li.hidden) render();
    else if (first !== null) select(first, false);
    else {
      current = null;
      viewer.textContent = "";
      viewer.appendChild(el("p", "empty", docs.length ? "No document matches these filters."
        : "No documents in this report."));
    }
  }

  function select(i, scroll) {
    if (current !== null) docs[current].li.classList.remove("current");
    current = i;
    docs[i].li.classList.add("current");
    if (scroll) history.replaceState(null, "", "#doc=" + encodeURIComponent(docs[i].id));
    render();
  }

  function title(cat, reason, rule, start, end) {
    return S[cat] + " — " + S[reason] + (S[rule] ? " (rule " + S[rule] + ")" : "") +
      " [" + start + "–" + end + "]";
  }

  function highlighted(d, only) {
    var pre = el("pre", "doc");
    pre.id = "doc-body";
    d.segs.forEach(function (p) {
      if (p.length === 1) {
        pre.appendChild(document.createTextNode(p[0]));
        return;
      }
      var m = el("mark", "rm c" + p[1], p[0]);
      m.setAttribute("data-cat", S[p[1]]);
      m.title = title(p[1], p[2], p[3], p[4], p[5]);
      if (only !== null && p[1] !== only) m.classList.add("off");
      pre.appendChild(m);
    });
    return pre;
  }

  function removalsTable(d, only) {
    var rows = d.segs ? d.segs.filter(function (p) { return p.length > 1; }) : d.rm;
    var t = el("table", "removals");
    var head = el("tr");
    ["category", "offsets", "reason", "removed text"].forEach(function (h) {
      head.appendChild(el("th", null, h));
    });
    t.appendChild(el("thead")).appendChild(head);
    var body = el("tbody");
    rows.forEach(function (p) {
      var tr = el("tr");
      if (only !== null && p[1] !== only) tr.className = "off";
      var c = el("td");
      c.appendChild(chip(p[1]));
      tr.appendChild(c);
      tr.appendChild(el("td", null, p[4] + "–" + p[5]));
      tr.appendChild(el("td", null, S[p[2]] + (S[p[3]] ? " (" + S[p[3]] + ")" : "")));
      var text = p[0].length > 300 ? p[0].slice(0, 300) + " …" : p[0];
      tr.appendChild(el("td", null, text));
      body.appendChild(tr);
    });
    t.appendChild(body);
    return t;
  }

  function render() {
    var d = docs[current];
    var only = filterCat();
    viewer.textContent = "";
    var head = el("header");
    head.appendChild(el("h3", "doc-title", d.id));
    var facts = d.lang + " · " + pct(d.share) + " removed · " + num(d.removed) +
      " chars removed, " + num(d.kept) + " kept · encoding repairs: " +
      (d.fixes.length ? d.fixes.join(", ") : "none");
    var meta = el("p", "doc-meta", facts);
    d.meta.forEach(function (kv) {
      meta.appendChild(document.createTextNode(" · " + kv[0] + ": "));
      meta.appendChild(el("code", null, kv[1]));
    });
    head.appendChild(meta);
    viewer.appendChild(head);
    if (d.notes.length) {
      var ul = el("ul", "notes");
      d.notes.forEach(function (n) { ul.appendChild(el("li", null, n)); });
      viewer.appendChild(ul);
    }
    var toggle = el("div", "toggle");
    toggle.setAttribute("role", "group");
    toggle.setAttribute("aria-label", "view");
    var showSource = d.segs !== null && mode === "source";
    [["source", "Source with highlights"], ["kept", "Kept text"]].forEach(function (m) {
      var b = el("button", null, m[1]);
      b.type = "button";
      b.id = "view-" + m[0];
      b.setAttribute("aria-pressed", String((m[0] === "source") === showSource));
      if (m[0] === "source" && d.segs === null) {
        b.disabled = true;
        b.title = "this record carries no source";
      }
      b.addEventListener("click", function () { mode = m[0]; render(); });
      toggle.appendChild(b);
    });
    viewer.appendChild(toggle);
    if (d.cats.length) {
      var legend = el("p", "legend");
      d.cats.forEach(function (c) { legend.appendChild(chip(c)); });
      viewer.appendChild(legend);
    }
    if (showSource) {
      viewer.appendChild(highlighted(d, only));
    } else {
      var pre = el("pre", "doc", keptText(d));
      pre.id = "doc-body";
      viewer.appendChild(pre);
    }
    if ((d.segs ? d.cats.length : d.rm.length) > 0) viewer.appendChild(removalsTable(d, only));
  }

  search.addEventListener("input", applyFilters);
  catSel.addEventListener("change", applyFilters);
  langSel.addEventListener("change", applyFilters);
  document.querySelector("form.filters").addEventListener("submit", function (e) {
    e.preventDefault();
  });

  // "#doc=ID" opens that document (links to one document can be shared).
  function fromHash() {
    var wanted = /^#doc=(.*)$/.exec(location.hash);
    if (!wanted) return null;
    var id = null;
    try { id = decodeURIComponent(wanted[1]); } catch (e) { return null; }
    for (var i = 0; i < docs.length; i++) if (docs[i].id === id) return i;
    return null;
  }
  function openFromHash() {
    var i = fromHash();
    if (i === null) return;
    if (docs[i].li.hidden) {  // a shared link wins over filters left from before
      search.value = "";
      catSel.value = "";
      langSel.value = "";
      applyFilters();
    }
    select(i, false);
  }
  window.addEventListener("hashchange", openFromHash);

  // A bar of the chart filters the documents by its category.
  Array.prototype.forEach.call(document.querySelectorAll("#category-chart g.bar"), function (g) {
    var i = S.indexOf(g.getAttribute("data-category"));
    if (i < 0 || !catSel.querySelector('option[value="' + i + '"]')) return;
    function go() {
      catSel.value = String(i);
      applyFilters();
      document.getElementById("documents").scrollIntoView();
    }
    g.classList.add("link");
    g.setAttribute("tabindex", "0");
    g.setAttribute("role", "button");
    g.addEventListener("click", go);
    g.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        go();
      }
    });
  });
  applyFilters();
  openFromHash();
  document.documentElement.dataset.ready = "true";
})();
