"""Knowledge base of Chinese local-government work reports: ingestion, storage and answering.

Pipeline, one module per stage:
  reader     bytes → text (encodings), files skipped with a reason
  normalize  folding for matching (width, Traditional, PM_{2.5}); web pages, PDF page furniture,
             hard-wrap joining
  docmeta    the document's own region, level, report year, title
  segment    sections and sentences (headings, lead lines, tables)
  numbers    figures in text: Arabic and Chinese numerals, ranges, ratios, units, qualifiers
  extract    indicators: metric, value, measure, year, kind, region
  store      SQLite through sqlite-utils, full-text search, atomic swap
  build      the whole ingestion over a folder (one process per core for large folders)
  kb         the read side: read-only connections, indexed lookups, small caches
  understand question → region, year, kind, measure, metric, type
  rank       candidate indicators/sentences → scored answers
  answers    the answer records (the JSON contract)
  reply      the Chinese reply text (plain and Telegram HTML)
  service    one object the CLI and the bot use: open, ask, reload

Shared: tokenizer (the one jieba segmenter), lexicon (the data files under data/).
Tools: cli, evaluate (judging rules), synth (synthetic corpus), bench (benchmarks).
"""
