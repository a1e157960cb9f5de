// Material's search worker, with whole words found again when the language is stemmed.
//
// Material appends "*" to every typed term for type-ahead, and lunr runs no pipeline on a
// wildcard term: the index holds "agenc" for "agency", so typing the whole word "agency" (or
// "medarbejderen") matched nothing. Each such term is also searched as a whole word, through
// the stemmer. The page's config names Material's own worker, which this one loads unchanged.

const material = new URLSearchParams(self.location.search).get("material") || "";
if (!/^search\.[0-9a-f]+\.min\.js$/.test(material)) throw new Error(`not Material's search worker: ${material}`);
importScripts(material);

const addClause = self.lunr.Query.prototype.clause;
self.lunr.Query.prototype.clause = function (clause) {
  addClause.call(this, clause);
  const prefix = clause.term.endsWith("*") && !clause.usePipeline ? clause.term.slice(0, -1) : "";
  if (prefix && !prefix.includes("*") && clause.presence === self.lunr.Query.presence.OPTIONAL) {
    addClause.call(this, { fields: clause.fields, boost: clause.boost, term: prefix, usePipeline: true });
  }
  return this;
};
