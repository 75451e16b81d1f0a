/* chkg explorer: the influence network, chains between a policy and an outcome, filters,
   knock-out and the quote behind every step. Reads the JSON block #chkg-data; builds the DOM
   with text nodes only (no innerHTML), so nothing from the data is ever parsed as HTML.
   Every string of #chkg-data is already marked by chkg.untrusted (controls as \x1b, bidi
   overrides and zero-width characters as <U+202E>): text shown here comes from DATA or from
   this script's own words, never from anywhere else, so none of it is shown raw. */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("chkg-data").textContent);
  var LEVELS = ["high", "moderate", "low", "very low"];
  var RANK_LEVEL = {4: "high", 3: "moderate", 2: "low", 1: "very low"};
  var edgeById = {};
  DATA.edges.forEach(function (e) { edgeById[e.id] = e; });
  var nodeById = {};
  DATA.nodes.forEach(function (n) { nodeById[n.id] = n; });
  var knocked = {};
  var current = null;  // {policy, outcome, doc}

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var x = document.createElement(tag);
    if (cls) { x.className = cls; }
    if (text !== undefined && text !== null) { x.appendChild(document.createTextNode(String(text))); }
    return x;
  }
  function clear(x) { while (x.firstChild) { x.removeChild(x.firstChild); } }

  /* -- chains as `chkg paths --format json` gives them ------------------------------- */
  function hopCertainty(h) {
    if (h.certainty) { return h.certainty; }
    var e = edgeById[h.claim];
    if (e && e.certainty) { return e.certainty; }
    return RANK_LEVEL[(h.strength && h.strength.rank) || 1] || "very low";
  }
  function chainStated(p) { return p.stated !== undefined ? !!p.stated : p.joins.length === 0; }
  function chainCertainty(p) {
    if (p.certainty) { return p.certainty; }
    var worst = 0;
    p.hops.forEach(function (h) { worst = Math.max(worst, LEVELS.indexOf(hopCertainty(h))); });
    return LEVELS[worst];
  }
  function chainEffect(p) {
    if (p.effect) { return p.effect; }
    var end = nodeById[p.nodes[p.nodes.length - 1].iri] || {};
    var good = end.direction === "lower" ? -1 : 1;
    return p.sign * good > 0 ? "favourable" : "unfavourable";
  }

  /* -- filters ------------------------------------------------------------------------ */
  function checkedValues(name) {
    var out = {};
    document.querySelectorAll("input[name=" + name + "]").forEach(function (i) { out[i.value] = i.checked; });
    return out;
  }
  function filters() {
    return {
      minLevel: LEVELS.indexOf($("f-certainty").value),
      kinds: checkedValues("f-kind"),
      relations: checkedValues("f-relation"),
      source: $("f-source").value,
      statedOnly: $("f-stated").checked
    };
  }
  function nodeShown(n, f) {
    if (knocked[n.id]) { return false; }
    if (n.kind === "outcome") { return f.kinds[n.outcome_kind || "other"] !== false; }
    return true;
  }
  function edgeShown(e, f) {
    return LEVELS.indexOf(e.certainty) <= f.minLevel && f.relations[e.relation] !== false &&
      (f.source === "" || e.source_title === f.source) &&
      nodeShown(nodeById[e.source], f) && nodeShown(nodeById[e.target], f);
  }
  function chainShown(p, f) {
    if (f.statedOnly && !chainStated(p)) { return false; }
    if (LEVELS.indexOf(chainCertainty(p)) > f.minLevel) { return false; }
    return p.hops.every(function (h) { var e = edgeById[h.claim]; return e && edgeShown(e, f); });
  }
  function chainLost(p) {
    return p.nodes.some(function (n) { return knocked[n.iri]; });
  }

  /* -- the network ------------------------------------------------------------------- */
  var linked = {};
  DATA.edges.forEach(function (e) { linked[e.source] = true; linked[e.target] = true; });
  var cy = cytoscape({
    container: $("cy"),
    elements: DATA.nodes.filter(function (n) { return linked[n.id]; }).map(function (n) {
      return {group: "nodes", data: {id: n.id, label: n.label, kind: n.kind === "outcome" ? "outcome-" + (n.outcome_kind || "other") : n.kind}};
    }).concat(DATA.edges.map(function (e) {
      return {group: "edges", data: {id: e.id, source: e.source, target: e.target, sign: e.sign > 0 ? "pos" : "neg", certainty: e.certainty}};
    })),
    style: [
      {selector: "node", style: {"label": "data(label)", "text-wrap": "wrap", "text-max-width": "120px", "font-size": "10px",
        "text-valign": "center", "text-halign": "center", "shape": "round-rectangle", "width": "130px", "height": "44px",
        "background-color": "#ffffff", "border-width": 1.5, "border-color": "#888888", "color": "#1f2933"}},
      {selector: "node[kind = 'policy']", style: {"background-color": "#e8eefc", "border-color": "#3555a5"}},
      {selector: "node[kind = 'approach']", style: {"background-color": "#fdf1e3", "border-color": "#b86e00"}},
      {selector: "node[kind = 'value']", style: {"background-color": "#f3e8fb", "border-color": "#7b3fa0"}},
      {selector: "node[kind = 'practice']", style: {"background-color": "#e3f4f1", "border-color": "#1f7a6d"}},
      {selector: "node[kind = 'mechanism']", style: {"background-color": "#f0f0f0", "border-color": "#666666"}},
      {selector: "node[kind = 'outcome-workforce']", style: {"background-color": "#e5f4e8", "border-color": "#2f7d3b"}},
      {selector: "node[kind = 'outcome-patient']", style: {"background-color": "#fde8ec", "border-color": "#b0284a"}},
      {selector: "node[kind = 'outcome-system'], node[kind = 'outcome-culture'], node[kind = 'outcome-other']", style: {"background-color": "#fff7d6", "border-color": "#8a6d00"}},
      {selector: "edge", style: {"width": 1.5, "curve-style": "bezier", "target-arrow-shape": "triangle", "arrow-scale": 0.9,
        "line-color": "#1b7a3d", "target-arrow-color": "#1b7a3d", "opacity": 0.75}},
      {selector: "edge[sign = 'neg']", style: {"line-color": "#b3261e", "target-arrow-color": "#b3261e"}},
      {selector: ".hidden", style: {"display": "none"}},
      {selector: ".faded", style: {"opacity": 0.12}},
      {selector: "node.onchain", style: {"border-width": 3, "opacity": 1}},
      {selector: "edge.onchain", style: {"width": 4, "opacity": 1}},
      {selector: "edge.stitched", style: {"line-style": "dashed"}},
      {selector: "node.knocked", style: {"background-color": "#333333", "color": "#ffffff"}},
      {selector: ":selected", style: {"overlay-color": "#3555a5", "overlay-opacity": 0.2}}
    ],
    layout: {name: "preset"}
  });

  /* each connected part laid out in layers by dagre, then the parts packed in rows */
  function layoutParts() {
    var parts = cy.elements().components().sort(function (a, b) { return b.nodes().length - a.nodes().length; });
    var area = 0, widest = 0;
    parts.forEach(function (part) {
      part.layout({name: "dagre", rankDir: "LR", nodeSep: 12, rankSep: 60, edgeSep: 6, fit: false, animate: false}).run();
      var bb = part.boundingBox();
      if (bb.h > bb.w) {  /* a tall part reads better top to bottom in a wide window */
        part.layout({name: "dagre", rankDir: "TB", nodeSep: 12, rankSep: 60, edgeSep: 6, fit: false, animate: false}).run();
        bb = part.boundingBox();
      }
      area += (bb.w + 40) * (bb.h + 40);
      widest = Math.max(widest, bb.w);
    });
    var rowWidth = Math.max(widest, Math.sqrt(area) * 1.8);
    var x = 0, y = 0, rowHeight = 0;
    parts.forEach(function (part) {
      var bb = part.boundingBox();
      if (x > 0 && x + bb.w > rowWidth) { x = 0; y += rowHeight + 40; rowHeight = 0; }
      part.nodes().shift({x: x - bb.x1, y: y - bb.y1});
      x += bb.w + 40;
      rowHeight = Math.max(rowHeight, bb.h);
    });
    cy.fit(cy.elements(), 10);
  }
  layoutParts();

  function applyFilters() {
    var f = filters();
    cy.batch(function () {
      cy.nodes().forEach(function (n) { n.toggleClass("hidden", !nodeShown(nodeById[n.id()], f)); });
      cy.edges().forEach(function (e) { e.toggleClass("hidden", !edgeShown(edgeById[e.id()], f)); });
    });
    var shownEdges = cy.edges().not(".hidden").length;
    $("net-count").textContent = shownEdges + " of " + DATA.edges.length + " claims shown";
    renderChains();
  }

  /* -- chains panel ------------------------------------------------------------------ */
  function stepButton(h) {
    var b = el("button", "step");
    b.type = "button";
    b.dataset.claim = h.claim;
    b.appendChild(el("span", "from", h.from.label));
    var e = edgeById[h.claim] || {};
    b.appendChild(el("span", "rel " + (h.sign > 0 ? "pos" : "neg"), " " + (e.relation || h.relation) + " (" + (h.sign > 0 ? "+" : "−") + ") "));
    b.appendChild(el("span", "to", h.to.label));
    b.appendChild(el("span", "lvl", " · " + hopCertainty(h)));
    b.addEventListener("click", function () { showQuote(h.claim); });
    return b;
  }
  function renderChains() {
    var list = $("chains");
    clear(list);
    cy.elements().removeClass("onchain stitched faded");
    if (!current) { $("chain-head").textContent = "Pick a policy and an outcome."; cy.fit(cy.elements().not(".hidden"), 10); return; }
    var f = filters();
    var paths = current.doc.paths;
    var shown = 0, lost = 0;
    var on = cy.collection();
    paths.forEach(function (p, i) {
      var visible = chainShown(p, f) || (chainLost(p) && !f.statedOnly);
      var isLost = chainLost(p);
      if (isLost) { lost += 1; }
      if (!visible) { return; }
      if (!isLost) { shown += 1; }
      var li = el("li", "chain " + (chainStated(p) ? "stated" : "stitched") + (isLost ? " lost" : ""));
      li.dataset.index = String(i);
      li.dataset.claims = JSON.stringify(p.hops.map(function (h) { return h.claim; }));
      var head = el("div", "chain-title");
      head.appendChild(el("strong", null, "Chain " + (i + 1)));
      head.appendChild(el("span", "badge " + (chainStated(p) ? "stated" : "stitched"), chainStated(p) ? "stated in the source" : "stitched: a hypothesis"));
      head.appendChild(el("span", "badge lvl", chainCertainty(p) + " certainty"));
      head.appendChild(el("span", "badge " + chainEffect(p), chainEffect(p)));
      if (isLost) { head.appendChild(el("span", "badge lostb", "lost by the knock-out")); }
      li.appendChild(head);
      var steps = el("div", "steps");
      p.hops.forEach(function (h, j) {
        steps.appendChild(stepButton(h));
        var jn = j < p.hops.length - 1 ? p.joins[j] : null;
        if (jn && jn.stated === false) {
          steps.appendChild(el("span", "join", "stitched at " + jn.at.label + ": the next step comes from another statement" +
            (jn.compatible === false ? ", in a context that is not compatible" : "") + " (a hypothesis)"));
        } else if (jn && jn.kind === "bridge") {
          steps.appendChild(el("span", "join bridge", "the source links these two statements itself"));
        }
      });
      li.appendChild(steps);
      list.appendChild(li);
      if (!isLost) {
        p.nodes.forEach(function (n) { on = on.union(cy.getElementById(n.iri)); });
        p.hops.forEach(function (h) {
          var edge = cy.getElementById(h.claim);
          on = on.union(edge);
          if (!chainStated(p)) { edge.addClass("stitched"); }
        });
      }
    });
    on.addClass("onchain");
    cy.elements().not(on).addClass("faded");
    if (on.length) {
      cy.fit(on, 40);
      if (cy.zoom() > 1.3) { cy.zoom({level: 1.3, renderedPosition: {x: cy.width() / 2, y: cy.height() / 2}}); cy.center(on); }
    }
    var pol = nodeById[current.policy].label, out = nodeById[current.outcome].label;
    $("chain-head").textContent = "From " + pol + " to " + out + ": " + shown + " of " + paths.length +
      " chains shown (best first, as chkg paths gives them)" + (lost ? "; " + lost + " lost by the knock-out" : "");
  }

  /* -- knock-out ----------------------------------------------------------------------- */
  function renderKnockout() {
    var names = Object.keys(knocked).map(function (k) { return nodeById[k].label; });
    var box = $("knock-result");
    clear(box);
    cy.nodes().removeClass("knocked");
    if (!names.length) { box.appendChild(el("p", "note", "Click a node in the network, then “Knock out”.")); return; }
    var pairsLost = [];
    Object.keys(DATA.pairs).forEach(function (key) {
      var doc = DATA.pairs[key];
      if (doc.paths.length && doc.paths.every(chainLost)) { pairsLost.push(doc.from.label + " → " + doc.to.label); }
    });
    box.appendChild(el("p", null, "Knocked out: " + names.join(", ") + ". " + pairsLost.length +
      " policy–outcome pair" + (pairsLost.length === 1 ? "" : "s") + " lose every chain shown."));
    var ul = el("ul", "lostpairs");
    pairsLost.forEach(function (t) { ul.appendChild(el("li", null, t)); });
    box.appendChild(ul);
  }

  /* -- the quote in its paragraph --------------------------------------------------------- */
  // Markdown emphasis and links ("**Fuller Stocktake**", "[Personalised Care](#)") as plain words
  function plainText(text) {
    return text.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/\*\*|__/g, "").replace(/(^|[^*\w])\*(?=\S)([^*]*\S)\*/g, "$1$2");
  }

  function showQuote(claim) {
    var panel = $("quote");
    clear(panel);
    var e = edgeById[claim] || {};
    var where = DATA.claims[claim];
    panel.appendChild(el("h3", null, (nodeById[e.source] || {}).label + " " + e.relation + " " + (nodeById[e.target] || {}).label));
    panel.appendChild(el("p", "meta", [e.claim_type || "claim", e.certainty + " certainty", e.source_title, e.passage].filter(Boolean).join(" · ")));
    var para = el("blockquote", "para");
    para.dataset.claim = claim;
    if (where) {
      // the selectors count characters of the raw Markdown; the reader sees it without markup
      para.appendChild(document.createTextNode(plainText(where.paragraph.slice(0, where.qs))));
      para.appendChild(el("mark", null, plainText(where.paragraph.slice(where.qs, where.qe))));
      para.appendChild(document.createTextNode(plainText(where.paragraph.slice(where.qe))));
    } else {
      para.appendChild(el("mark", null, e.quote || "(no quote)"));
      panel.appendChild(el("p", "note", "The source text is not bundled; the quote is shown alone."));
    }
    panel.appendChild(para);
    if (where && where.page) {
      var a = el("a", null, "Open in the source viewer");
      a.href = where.page;
      panel.appendChild(a);
    }
    cy.elements().unselect();
    cy.getElementById(claim).select();
  }

  /* -- controls ------------------------------------------------------------------------------ */
  function option(value, text) { var o = el("option", null, text); o.value = value; return o; }
  DATA.policies.forEach(function (p) { $("policy").appendChild(option(p, nodeById[p].label)); });
  function fillOutcomes() {
    var sel = $("outcome");
    clear(sel);
    sel.appendChild(option("", "— outcome —"));
    var policy = $("policy").value;
    Object.keys(DATA.pairs).filter(function (k) { return k.split("\t")[0] === policy; }).map(function (k) { return k.split("\t")[1]; })
      .sort(function (a, b) { return nodeById[a].label.localeCompare(nodeById[b].label); })
      .forEach(function (o) { sel.appendChild(option(o, nodeById[o].label + " (" + (nodeById[o].outcome_kind || "other") + ")")); });
  }
  function choose() {
    var policy = $("policy").value, outcome = $("outcome").value;
    var doc = DATA.pairs[policy + "\t" + outcome];
    current = doc ? {policy: policy, outcome: outcome, doc: doc} : null;
    renderChains();
  }
  $("policy").addEventListener("change", function () { fillOutcomes(); choose(); });
  $("outcome").addEventListener("change", choose);
  document.querySelectorAll("#filters input, #filters select").forEach(function (x) { x.addEventListener("change", applyFilters); });
  var picked = null;
  cy.on("tap", "node", function (evt) {
    picked = evt.target.id();
    $("picked").textContent = nodeById[picked].label + " (" + nodeById[picked].kind + ")";
    $("knock").disabled = false;
  });
  cy.on("tap", "edge", function (evt) { showQuote(evt.target.id()); });
  $("knock").addEventListener("click", function () {
    if (picked) { knocked[picked] = true; }
    renderKnockout();
    Object.keys(knocked).forEach(function (k) { cy.getElementById(k).addClass("knocked"); });
    applyFilters();
  });
  $("restore").addEventListener("click", function () { knocked = {}; renderKnockout(); applyFilters(); });
  window.chkgExplorer = {
    cy: cy,
    knockOut: function (iri) { knocked[iri] = true; renderKnockout(); applyFilters(); },
    ready: true
  };
  /* open on the first policy of the report's ranking and its best-supported outcome */
  var firstPair = Object.keys(DATA.pairs)[0];
  if (firstPair) { $("policy").value = firstPair.split("\t")[0]; }
  fillOutcomes();
  if (firstPair) { $("outcome").value = firstPair.split("\t")[1]; choose(); }
  renderKnockout();
  applyFilters();
}());
