//! `parallax eval …`: load a data set, run the stage, print the scores.

use std::fmt::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use parallax_cluster::ClusterConfig;
use parallax_eval::clustering::ClusterScores;
use parallax_eval::dates::{DateScores, UrlUse};
use parallax_eval::extraction::Scores;
use parallax_text::CleanConfig;

use crate::args::EvalCommand;

/// Applies one `NAME=VALUE` override of `parallax eval events --set`.
pub(crate) fn set_cluster_setting(config: &mut ClusterConfig, setting: &str) -> anyhow::Result<()> {
    let (name, value) = setting.split_once('=').with_context(|| format!("--set {setting}: expected NAME=VALUE"))?;
    let number =
        |value: &str| value.trim().parse::<f64>().with_context(|| format!("--set {name}: not a number: {value}"));
    let count =
        |value: &str| value.trim().parse::<usize>().with_context(|| format!("--set {name}: not a count: {value}"));
    match name.trim() {
        "join_threshold" => config.join_threshold = number(value)?,
        "name_weight" => config.name_weight = number(value)?,
        "max_day_gap" => {
            config.max_day_gap = value.trim().parse().with_context(|| format!("--set {name}: not a whole number"))?
        }
        "recall_threshold" => config.recall_threshold = number(value)?,
        "reassign_margin" => config.reassign_margin = number(value)?,
        "candidate_terms" => config.candidate_terms = count(value)?,
        "max_candidates" => config.max_candidates = count(value)?,
        "retire_after" => config.retire_after = count(value)?,
        "split.min_part" => config.split.min_part = count(value)?,
        "split.max_cross_ratio" => config.split.max_cross_ratio = number(value)?,
        "split.name_weight" => config.split.name_weight = number(value)?,
        "split.protagonist_clash" => config.split.protagonist_clash = number(value)?,
        "merge.max_fragment" => config.merge.max_fragment = count(value)?,
        "merge.threshold" => config.merge.threshold = number(value)?,
        "merge.certain" => config.merge.certain = number(value)?,
        "merge.max_candidates" => config.merge.max_candidates = count(value)?,
        "merge.candidate_terms" => config.merge.candidate_terms = count(value)?,
        "regroup.link" => config.regroup.link = number(value)?,
        "regroup.neighbours" => config.regroup.neighbours = count(value)?,
        "regroup.min_link" => config.regroup.min_link = number(value)?,
        "regroup.resolution" => config.regroup.resolution = number(value)?,
        "regroup.max_group" => config.regroup.max_group = count(value)?,
        other => anyhow::bail!("--set {other}: no such clusterer setting (see `parallax eval events --help`)"),
    }
    Ok(())
}

/// Prints `value` as JSON, or the text `write` makes of it.
fn report<T: serde::Serialize>(json: bool, value: &T, write: impl FnOnce(&mut String)) -> anyhow::Result<ExitCode> {
    if json {
        crate::commands::print_json(value)?;
    } else {
        let mut out = String::new();
        write(&mut out);
        print!("{out}");
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run(what: EvalCommand) -> anyhow::Result<ExitCode> {
    match what {
        EvalCommand::Pairs { data, split, languages, same_at, settings, output } => {
            let (first, second) =
                languages.split_once('-').with_context(|| format!("--languages {languages}: expected FIRST-SECOND"))?;
            let pairs = parallax_eval::pairs::load(&data, &split, (first, second)).context("cannot load the pairs")?;
            let mut config = ClusterConfig::default();
            for setting in &settings {
                set_cluster_setting(&mut config, setting)?;
            }
            let evaluation = parallax_eval::pairs::evaluate_pairs(&pairs, &config, same_at);
            report(output.json, &evaluation, |out| {
                let joins = &evaluation.joins;
                let _ = writeln!(
                    out,
                    "SemEval-2022 Task 8 {split}, {languages}: {} pairs ({} rejected), {} rated at most {same_at}",
                    evaluation.n_pairs,
                    evaluation.rejected.len(),
                    joins.gold
                );
                let _ = writeln!(out, "Pearson r with the ratings  {:.3}", evaluation.pearson);
                let _ = writeln!(
                    out,
                    "joins at threshold {:.2}     P {:.3}  R {:.3}  F1 {:.3}  ({} joined)",
                    evaluation.join_threshold, joins.precision, joins.recall, joins.f1, joins.predicted
                );
                let _ = writeln!(
                    out,
                    "best threshold here         {:.3} (F1 {:.3})",
                    evaluation.best_threshold, evaluation.best_f1
                );
            })
        }
        EvalCommand::Companies { data, settings, output } => {
            let docs = parallax_eval::reuters::load(&data).context("cannot load Reuters-21578")?;
            let mut config = ClusterConfig::default();
            for setting in &settings {
                set_cluster_setting(&mut config, setting)?;
            }
            let evaluation = parallax_eval::companies::evaluate_companies(&docs, &config);
            report(output.json, &evaluation, |out| {
                let _ = writeln!(
                    out,
                    "Reuters-21578: {} stories, {} whose title names one company's ticker; {} events",
                    evaluation.stories, evaluation.with_ticker, evaluation.events
                );
                let (stories, companies) = evaluation.largest_mixed;
                let _ = writeln!(
                    out,
                    "company precision (B3, ticker stories) {:.3}; {} events mix companies, the largest \
                     holds {stories} stories of {companies}",
                    evaluation.precision, evaluation.mixed_events
                );
                let _ = writeln!(out, "time: clustering {:.2} s, one thread", evaluation.cluster_seconds);
            })
        }
        EvalCommand::Events { data, max_topic, orders, join_threshold, name_weight, settings, output } => {
            let documents = parallax_eval::ecbplus::load(&data, max_topic).context("cannot load ECB+")?;
            let mut config = ClusterConfig::default();
            if let Some(threshold) = join_threshold {
                config.join_threshold = threshold;
            }
            if let Some(weight) = name_weight {
                config.name_weight = weight;
            }
            for setting in &settings {
                set_cluster_setting(&mut config, setting)?;
            }
            let evaluation = parallax_eval::events::evaluate_events(&documents, &config, orders as usize);
            if output.json {
                crate::commands::print_json(&evaluation)?;
            } else {
                let mut out = String::new();
                let _ = writeln!(
                    out,
                    "ECB+ topics 1-{max_topic}: {} documents, {} gold events",
                    evaluation.overall.n_items, evaluation.overall.n_gold
                );
                let _ = writeln!(out, "{}", scores_line("overall", &evaluation.overall));
                let _ = writeln!(
                    out,
                    "{}\n            (the gold events cut where the day veto cuts them, at max_day_gap {}: \
                     about the best a clusterer honouring the veto can score here)",
                    scores_line("ceiling", &evaluation.day_veto_ceiling),
                    config.max_day_gap
                );
                let lumping = &evaluation.lumping;
                let _ = writeln!(
                    out,
                    "{}\n            (each event cut along the gold events: precision lost {:.3} on articles \
                     without a day, {:.3} on dated ones)",
                    scores_line("separated", &lumping.separated),
                    lumping.lost_undated,
                    lumping.lost_dated
                );
                if evaluation.orders.len() > 1 {
                    let (mean, min, max) = evaluation.order_spread();
                    let _ = writeln!(
                        out,
                        "   {} stream orders: B3 F1 mean {mean:.3}, least {min:.3}, greatest {max:.3}",
                        evaluation.orders.len()
                    );
                }
                let _ = writeln!(
                    out,
                    "time: cleaning and extraction {:.3} s, clustering {:.3} s ({:.0} documents/s), one thread",
                    evaluation.extract_seconds,
                    evaluation.cluster_seconds,
                    evaluation.overall.n_items as f64 / evaluation.cluster_seconds.max(f64::MIN_POSITIVE)
                );
                for topic in &evaluation.per_topic {
                    let line = scores_line(&format!("topic {}", topic.topic), &topic.scores);
                    let _ = writeln!(out, "{line} | ceiling {:.3}", topic.ceiling_f1);
                }
                if !evaluation.rejected.is_empty() {
                    let _ = writeln!(out, "rejected by cleaning: {}", evaluation.rejected.join(", "));
                }
                crate::commands::print_text(&out)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        EvalCommand::Extraction { data, errors, output } => extraction(&data, errors, output.json),
        EvalCommand::Dates { data, no_url, errors, output } => dates(&data, no_url, errors, output.json),
        EvalCommand::Ner { data, predictions, model, output } => {
            crate::train::eval_ner(&data, predictions.as_deref(), model.as_deref(), output.json)
        }
        EvalCommand::Entities { data, output } => {
            let file =
                parallax_eval::ner::load_conll(&data).with_context(|| format!("cannot load {}", data.display()))?;
            let evaluation = parallax_eval::names::evaluate_names(&file);
            report(output.json, &evaluation, |out| {
                let _ = writeln!(
                    out,
                    "{}: {} documents, {} sentences; names as (sentence, text, kind)",
                    evaluation.file, evaluation.n_documents, evaluation.n_sentences
                );
                for (label, scores) in [("tagger alone", &evaluation.tagger), ("product", &evaluation.product)] {
                    let line = |name: &str, s: &parallax_eval::ner::EntityScores| {
                        format!(
                            "  {label:>12} {name:>7}  P {:.3} R {:.3} F1 {:.3} | correct {} predicted {} gold {}",
                            s.precision, s.recall, s.f1, s.correct, s.predicted, s.gold
                        )
                    };
                    let _ = writeln!(out, "{}", line("overall", &scores.overall));
                    for (kind, kind_scores) in &scores.per_kind {
                        let _ = writeln!(out, "{}", line(kind, kind_scores));
                    }
                }
            })
        }
        EvalCommand::Syntax { data, model, output } => crate::train_syntax::eval(&data, model.as_deref(), output.json),
        EvalCommand::Summaries { data, peers, output } => {
            let context = || format!("cannot evaluate summaries on DUC 2006 at {}", data.display());
            let text = if peers {
                let validation = parallax_eval::duc::validate_scorer(&data).with_context(context)?;
                if output.json {
                    crate::commands::print_json(&validation)?;
                    return Ok(ExitCode::SUCCESS);
                }
                parallax_eval::duc::render_validation(&validation)
            } else {
                let config = parallax_eval::summaries::duc_config();
                let evaluation = parallax_eval::summaries::evaluate_summaries(&data, &config).with_context(context)?;
                if output.json {
                    crate::commands::print_json(&evaluation)?;
                    return Ok(ExitCode::SUCCESS);
                }
                parallax_eval::summaries::render_evaluation(&evaluation)
            };
            crate::commands::print_text(&text)?;
            Ok(ExitCode::SUCCESS)
        }
        EvalCommand::Quotes { data, errors, lexicon, model, rules_only, output } => {
            quotes(&data, QuotesOptions { errors, lexicon, model: model.as_deref(), rules_only }, output.json)
        }
    }
}

fn extraction(data: &Path, errors: bool, json: bool) -> anyhow::Result<ExitCode> {
    let cases = parallax_eval::extraction::load(data)
        .with_context(|| format!("cannot load the extraction benchmark from {}", data.display()))?;
    let mut evaluation = parallax_eval::extraction::evaluate_extraction(&cases, &CleanConfig::default());
    if !errors {
        evaluation.pages.clear();
    }
    if json {
        crate::commands::print_json(&evaluation)?;
        return Ok(ExitCode::SUCCESS);
    }
    let e = &evaluation;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "trafilatura-eval: {} pages, {} text and {} boilerplate snippets",
        e.n_pages, e.n_with, e.n_without
    );
    let _ = writeln!(out, "{}", extraction_line("overall", e.n_pages, &e.overall));
    let _ = writeln!(out, "{}", extraction_line("with title", e.n_pages, &e.overall_with_title));
    for language in &e.per_language {
        let _ = writeln!(out, "{}", extraction_line(&language.language, language.n_pages, &language.scores));
    }
    let _ = writeln!(
        out,
        "speed: {:.1} pages/s ({} pages cleaned in {:.2} s, one thread, reading excluded)",
        e.pages_per_second, e.n_pages, e.seconds
    );
    for page in &e.pages {
        if page.missing.is_empty() && page.unwanted.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "\n{} ({}){}",
            page.url,
            page.file,
            page.rejected.as_deref().map(|r| format!(" rejected: {r}")).unwrap_or_default()
        );
        for snippet in &page.missing {
            let _ = writeln!(out, "  missing:  {snippet}");
        }
        for snippet in &page.unwanted {
            let _ = writeln!(out, "  unwanted: {snippet}");
        }
    }
    crate::commands::print_text(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn extraction_line(label: &str, n_pages: usize, s: &Scores) -> String {
    format!(
        "{label:>10}  P {:.3} R {:.3} F1 {:.3} accuracy {:.3} | tp {} fp {} fn {} tn {} | {n_pages} pages",
        s.precision, s.recall, s.f1, s.accuracy, s.tp, s.fp, s.fn_, s.tn
    )
}

fn dates(data: &Path, no_url: bool, errors: bool, json: bool) -> anyhow::Result<ExitCode> {
    let cases = parallax_eval::dates::load(data)
        .with_context(|| format!("cannot load the date benchmark from {}", data.display()))?;
    let url = if no_url { UrlUse::Withheld } else { UrlUse::Given };
    let mut evaluation = parallax_eval::dates::evaluate_dates(&cases, &CleanConfig::default(), url);
    if !errors {
        evaluation.pages.clear();
    }
    if json {
        crate::commands::print_json(&evaluation)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = String::new();
    let setting = if no_url { "URL withheld" } else { "URL given" };
    let _ = writeln!(out, "htmldate eval_default: {} pages, {setting}", evaluation.overall.n_pages);
    let _ = writeln!(out, "{}", dates_line("overall", &evaluation.overall));
    for (source, scores) in &evaluation.per_source {
        let _ = writeln!(out, "{}", dates_line(source, scores));
    }
    let _ = writeln!(out, "time: {:.2} s of cleaning, one thread", evaluation.seconds);
    for page in evaluation.pages.iter().filter(|p| p.found.as_deref() != Some(p.gold.as_str())) {
        let _ = writeln!(
            out,
            "{} ({}): gold {} found {} via {}{}",
            page.url,
            page.file,
            page.gold,
            page.found.as_deref().unwrap_or("-"),
            page.source.map_or_else(|| "-".to_string(), |s| format!("{s:?}").to_lowercase()),
            page.rejected.as_deref().map(|r| format!(" rejected: {r}")).unwrap_or_default()
        );
    }
    crate::commands::print_text(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn dates_line(label: &str, s: &DateScores) -> String {
    format!(
        "{label:>10}  accuracy {:.3} | P {:.3} R {:.3} F1 {:.3} | correct {} wrong {} missing {} of {}",
        s.accuracy, s.precision, s.recall, s.f1, s.correct, s.wrong, s.missing, s.n_pages
    )
}

fn scores_line(label: &str, s: &ClusterScores) -> String {
    format!(
        "{label:>10}  B3 P {:.3} R {:.3} F1 {:.3} | pairwise F1 {:.3} | ARI {:.3} | V {:.3} | clusters {} (gold {})",
        s.bcubed_precision, s.bcubed_recall, s.bcubed_f1, s.pairwise_f1, s.ari, s.v_measure, s.n_predicted, s.n_gold
    )
}

struct QuotesOptions<'a> {
    errors: bool,
    lexicon: bool,
    model: Option<&'a Path>,
    rules_only: bool,
}

fn quotes(data: &Path, options: QuotesOptions<'_>, json: bool) -> anyhow::Result<ExitCode> {
    use parallax_eval::quotes::{ErrorListing, Prf};
    use parallax_extract::quotes::{QuoteModel, Tagging};
    let articles =
        parallax_eval::polnear::load(data).with_context(|| format!("cannot load PolNeAR from {}", data.display()))?;
    if options.lexicon {
        crate::commands::print_text(&parallax_eval::quotes::render_cue_heads(&articles))?;
        return Ok(ExitCode::SUCCESS);
    }
    let loaded = match options.model {
        Some(path) => {
            let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            Some(QuoteModel::from_bytes(&bytes).with_context(|| format!("cannot read {}", path.display()))?)
        }
        None => None,
    };
    let tagging = match (&loaded, options.rules_only) {
        (_, true) => Tagging::RulesOnly,
        (Some(model), false) => Tagging::Model(model),
        (None, false) => Tagging::Embedded,
    };
    let listing = if options.errors { ErrorListing::Keep } else { ErrorListing::Drop };
    let e = parallax_eval::quotes::evaluate_quotes(&articles, listing, tagging);
    if json {
        crate::commands::print_json(&e)?;
        return Ok(ExitCode::SUCCESS);
    }
    let line = |label: &str, s: &Prf| {
        format!(
            "{label:>20}  P {:.3} R {:.3} F1 {:.3} | matched {} predicted {} gold {}",
            s.precision, s.recall, s.f1, s.matched, s.predicted, s.gold
        )
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "PolNeAR {}: {} articles, {} gold and {} predicted attributions ({})",
        data.display(),
        e.n_articles,
        e.n_gold,
        e.n_predicted,
        match tagging {
            Tagging::RulesOnly => "the rules alone",
            Tagging::Model(_) => "the rules and the given tagger model",
            Tagging::Encoder(_) => "the quote encoder",
            Tagging::Embedded if parallax_extract::quotes::encoder_installed() => "the quote encoder",
            Tagging::Embedded => "the rules and the built-in tagger",
        }
    );
    for (role, scores) in [("source", &e.source), ("cue", &e.cue), ("content", &e.content)] {
        let _ = writeln!(out, "{}", line(&format!("{role} exact"), &scores.exact));
        let _ = writeln!(out, "{}", line(&format!("{role} overlap"), &scores.overlap));
    }
    let _ = writeln!(out, "{}", line("attribution exact", &e.attribution_exact));
    let _ = writeln!(out, "{}", line("attribution overlap", &e.attribution_overlap));
    let s = &e.source_errors;
    let _ = writeln!(
        out,
        "source tokens missed: {} of attributions not found, {} with another source, {} with none; \
         wrong: {} of attributions not in gold, {} a wrong or too long source",
        s.lost_cue_not_found, s.lost_other_source, s.lost_no_source, s.false_cue_not_gold, s.false_wrong_source
    );
    let _ = writeln!(out, "speed: {:.1} articles/s (entities and quotes, one thread)", e.articles_per_second);
    for article in &e.errors {
        let _ = writeln!(out, "\n{}", article.name);
        for missed in &article.missed {
            let _ = writeln!(out, "  missed: {missed}");
        }
        for wrong in &article.wrong {
            let _ = writeln!(out, "  wrong:  {wrong}");
        }
    }
    crate::commands::print_text(&out)?;
    Ok(ExitCode::SUCCESS)
}
