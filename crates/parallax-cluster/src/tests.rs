//! The clusterer and story linking on small synthetic streams.

use parallax_model::{ArticleId, Day, fnv1a64};

use crate::{ArticleFeatures, Assignment, ClusterConfig, Clusterer, link_stories};

/// An article about `topic` (its words shared with the topic's other articles, with words of
/// its own in between, so that it copies none), naming `names`.
fn article(id: &str, day: Option<Day>, topic: usize, names: &[&str]) -> ArticleFeatures {
    let mut terms: Vec<String> = Vec::new();
    for k in 0..12 {
        terms.push(format!("topic{topic}word{k}"));
        if k % 3 == 0 {
            terms.push(format!("{id}own{k}"));
        }
    }
    terms.extend(["said", "officials", "report"].map(String::from));
    let mut name_labels: Vec<(String, String)> = names.iter().map(|n| (format!("p:{n}"), format!("Jo {n}"))).collect();
    name_labels.sort();
    ArticleFeatures {
        id: ArticleId(id.into()),
        event_day: day,
        recalled: Vec::new(),
        shingles: shingles(&terms),
        terms,
        names: names.iter().map(|n| format!("p:{n}")).collect(),
        name_labels,
        ordinals: Vec::new(),
        credits: Vec::new(),
    }
}

fn shingles(terms: &[String]) -> Vec<u64> {
    let mut hashes: Vec<u64> = terms.windows(5).map(|w| fnv1a64(w.join(" ").as_bytes())).collect();
    hashes.sort_unstable();
    hashes.dedup();
    hashes
}

pub(crate) fn day(d: u32) -> Option<Day> {
    Day::from_ymd_opt(2024, 3, d)
}

/// Six topics, three articles each, interleaved as news arrives.
fn stream() -> Vec<ArticleFeatures> {
    let mut articles = Vec::new();
    for round in 0..3 {
        for topic in 0..6 {
            let names = [format!("actor{topic}"), format!("other{topic}")];
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            articles.push(article(&format!("a{topic}-{round}"), day(10 + topic as u32 % 2), topic, &names));
        }
    }
    articles
}

fn run(articles: &[ArticleFeatures]) -> (Vec<Assignment>, Clusterer) {
    let mut clusterer = Clusterer::new(ClusterConfig::default());
    let assignments = articles.iter().map(|a| clusterer.add(a)).collect();
    clusterer.refine();
    (assignments, clusterer)
}

#[test]
fn articles_of_one_topic_form_one_event_named_after_the_first() {
    let (assignments, clusterer) = run(&stream());
    assert_eq!(clusterer.events().len(), 6);
    for event in clusterer.events() {
        assert_eq!(event.articles.len(), 3);
        let topic = &event.articles[0].0[..2];
        assert!(event.articles.iter().all(|a| a.0.starts_with(topic)), "{:?}", event.articles);
        assert_eq!(event.label("p:actor0").is_some(), topic == "a0");
    }
    let founders: Vec<&str> = assignments.iter().filter(|a| a.founded).map(|a| a.article.as_str()).collect();
    assert_eq!(founders, ["a0-0", "a1-0", "a2-0", "a3-0", "a4-0", "a5-0"]);
    assert!(assignments.iter().filter(|a| !a.founded).all(|a| a.score >= ClusterConfig::default().join_threshold));
}

#[test]
fn the_same_stream_gives_the_same_events_and_ids() {
    let (first, one) = run(&stream());
    let (second, two) = run(&stream());
    assert_eq!(first, second);
    assert_eq!(one.events(), two.events());
}

#[test]
fn a_copy_joins_the_event_of_its_original() {
    let original = article("wire", day(5), 0, &["actor"]);
    // A copy filed much later is still a copy.
    let copy = ArticleFeatures { id: ArticleId("copy".into()), event_day: day(25), ..original.clone() };
    let (assignments, clusterer) = run(&[original, copy]);
    assert_eq!(assignments[1].duplicate_of, Some(ArticleId("wire".into())));
    assert_eq!(assignments[1].event, assignments[0].event);
    assert_eq!(assignments[1].score, 1.0);
    assert_eq!(clusterer.events().len(), 1);
}

#[test]
fn clashing_days_keep_the_same_story_apart() {
    let articles = [
        article("march", day(1), 0, &["actor"]),
        article("later", day(20), 0, &["actor"]),
        article("march-again", day(2), 0, &["actor"]),
    ];
    let (assignments, clusterer) = run(&articles);
    assert_eq!(clusterer.events().len(), 2);
    assert!(assignments[1].founded);
    assert_eq!(assignments[2].event, assignments[0].event);
    assert_eq!(clusterer.events()[0].date(), day(1));
}

#[test]
fn refine_leaves_unchanged_events_alone() {
    let (_, mut clusterer) = run(&stream());
    let events = clusterer.events().to_vec();
    let splits = clusterer.splits().len();
    clusterer.refine();
    assert_eq!(clusterer.events(), events.as_slice());
    assert_eq!(clusterer.splits().len(), splits);
}

#[test]
fn events_sharing_main_actors_form_one_story() {
    // The same two actors on three days far apart: three events, one story.
    let mut articles: Vec<ArticleFeatures> =
        [1, 12, 24].iter().enumerate().map(|(i, d)| article(&format!("m{i}"), day(*d), i, &["tal", "vell"])).collect();
    articles.push(article("other", day(12), 7, &["lysa"]));
    let (_, clusterer) = run(&articles);
    assert_eq!(clusterer.events().len(), 4);
    let stories = link_stories(clusterer.events());
    assert_eq!(stories.len(), 2);
    let story = stories.iter().find(|s| s.events.len() == 3).expect("a story of three events");
    assert_eq!(story.title, "Jo tal, Jo vell");
    assert_eq!(story.events[0], clusterer.events()[0].id);
}

#[test]
fn a_name_most_events_share_makes_no_story() {
    // Ten unrelated events that all name the wire agency and the country, each with actors of
    // its own, and two events with the same two actors of their own.
    let mut articles: Vec<ArticleFeatures> = (0..10)
        .map(|i| {
            let (own, other) = (format!("own{i}"), format!("aide{i}"));
            article(&format!("e{i}"), day(1 + 3 * i as u32), 10 + i, &["wire", "land", own.as_str(), other.as_str()])
        })
        .collect();
    articles.push(article("pair-1", day(2), 30, &["wire", "land", "tal", "vell"]));
    articles.push(article("pair-2", day(27), 31, &["wire", "land", "tal", "vell"]));
    let (_, clusterer) = run(&articles);
    assert_eq!(clusterer.events().len(), 12);
    let stories = link_stories(clusterer.events());
    let sizes: Vec<usize> = stories.iter().map(|s| s.events.len()).collect();
    assert_eq!(sizes.iter().filter(|&&n| n == 1).count(), 10, "{sizes:?}");
    assert_eq!(sizes.iter().filter(|&&n| n == 2).count(), 1, "the two events of tal and vell: {sizes:?}");
}

#[test]
fn a_chain_of_events_each_sharing_a_name_with_the_next_is_not_one_story() {
    let names = [["ana", "bex"], ["bex", "cal"], ["cal", "dov"], ["dov", "eli"], ["eli", "fay"]];
    let articles: Vec<ArticleFeatures> = names
        .iter()
        .enumerate()
        .map(|(i, pair)| article(&format!("c{i}"), day(1 + 6 * i as u32), 40 + i, pair))
        .collect();
    let (_, clusterer) = run(&articles);
    assert_eq!(clusterer.events().len(), 5);
    let stories = link_stories(clusterer.events());
    assert!(stories.iter().all(|s| s.events.len() <= 2), "{stories:?}");
}

/// Two meetings of the same people in one stream: first joined as one event, then split; the
/// history says who founded each event and why the split was made.
#[test]
fn histories_record_founding_and_splits() {
    let article = |id: &str, words: &str, names: &[&str]| {
        let mut a = article(id, day(10), 99, names);
        a.terms = words.split_whitespace().map(String::from).chain(a.terms.iter().take(3).cloned()).collect();
        a.shingles = shingles(&[id.to_string()]);
        a
    };
    let shared = "tal vell talks minister president visit meeting leaders";
    let mut articles = Vec::new();
    for i in 0..8 {
        let (topic, place) = if i % 2 == 0 {
            (format!("{shared} corridor hostages aid marenport w{i}"), "marenport")
        } else {
            (format!("{shared} port ships accord lysa trade v{i}"), "lysa")
        };
        articles.push(article(&format!("m{i}"), &topic, &["tal", "vell", place]));
    }
    let (assignments, clusterer) = run(&articles);
    let histories = crate::event_histories(
        assignments.iter().enumerate(),
        clusterer.splits(),
        clusterer.merges(),
        clusterer.moves(),
    );
    let founded: Vec<_> = histories
        .values()
        .flatten()
        .filter(|e| e.action == parallax_model::HistoryAction::Founded)
        .map(|e| e.article.clone().expect("founder"))
        .collect();
    assert!(founded.contains(&ArticleId("m0".into())), "{histories:?}");
    assert!(
        !clusterer.splits().is_empty(),
        "the stream was meant to be split: {:?}",
        clusterer.events().iter().map(|e| &e.articles).collect::<Vec<_>>()
    );
    let split = &clusterer.splits()[0];
    let parent = &histories[&split.event];
    assert!(parent.iter().any(|e| e.action == parallax_model::HistoryAction::Split && e.events == split.new_events));
    for new in &split.new_events {
        let child = &histories[new];
        assert_eq!(child[0].action, parallax_model::HistoryAction::SplitOff);
        assert_eq!(child[0].events, vec![split.event.clone()]);
        assert!(child[0].reason.contains("less alike across"), "{}", child[0].reason);
    }
}

/// A fragment's articles meet the day veto one by one when it merges, as they did arriving:
/// its undated articles join the event they belong to, and one dated weeks away stays apart,
/// however alike the others are.
#[test]
fn a_fragment_merges_without_its_articles_on_clashing_days() {
    let early = |id: &str, day: Option<Day>| article(id, day, 0, &[]);
    let mut articles = vec![early("early-a", None), early("early-b", None), early("early-late", day(25))];
    for round in 0..6 {
        articles.push(article(&format!("a0-{round}"), day(11), 0, &["actor0"]));
    }
    let (assignments, clusterer) = run(&articles);
    assert!(assignments[1].event == assignments[0].event && assignments[2].event == assignments[0].event);
    let mut events: Vec<Vec<&str>> =
        clusterer.events().iter().map(|e| e.articles.iter().map(ArticleId::as_str).collect()).collect();
    events.iter_mut().for_each(|e| e.sort_unstable());
    events.sort();
    assert_eq!(
        events,
        [vec!["a0-0", "a0-1", "a0-2", "a0-3", "a0-4", "a0-5", "early-a", "early-b"], vec!["early-late"]],
        "{assignments:?} {:?}",
        clusterer.merges()
    );
    assert_eq!(clusterer.merges()[0].n_articles, 2, "the merge counts the articles that moved");
}

/// An article that came before its event's vocabulary founds an event of its own; at the end
/// of the batch it joins the event it turned out to belong to, which keeps its id, and the
/// merge is recorded. A clash of days still keeps a fragment apart.
#[test]
fn fragments_merge_into_the_event_they_belong_to() {
    let mut early = article("early", day(10), 0, &[]);
    early.terms = (0..10).map(|k| format!("topic0word{k}")).chain((0..12).map(|k| format!("early{k}"))).collect();
    early.shingles = shingles(&["early".to_string()]);
    let mut articles = vec![early];
    for round in 0..4 {
        articles.push(article(&format!("a0-{round}"), day(11), 0, &["actor0"]));
    }
    let mut late = articles[0].clone();
    late.id = ArticleId("late".into());
    late.event_day = day(25);
    articles.push(late);
    let (assignments, clusterer) = run(&articles);
    assert!(assignments[0].founded && assignments[1].founded, "{assignments:?}");
    let events: Vec<Vec<&str>> =
        clusterer.events().iter().map(|e| e.articles.iter().map(ArticleId::as_str).collect()).collect();
    assert_eq!(
        events,
        [vec!["a0-0", "a0-1", "a0-2", "a0-3", "early"], vec!["late"]],
        "{assignments:?} {:?}",
        clusterer.merges()
    );
    assert_eq!(clusterer.events()[0].id, assignments[1].event);
    let merge = &clusterer.merges()[0];
    assert_eq!((&merge.event, &merge.merged, merge.n_articles), (&assignments[1].event, &assignments[0].event, 1));
    assert!(merge.similarity >= ClusterConfig::default().merge.threshold);
    let histories = crate::event_histories(
        assignments.iter().enumerate(),
        clusterer.splits(),
        clusterer.merges(),
        clusterer.moves(),
    );
    let kept = &histories[&merge.event];
    assert!(
        kept.iter().any(|e| e.action == parallax_model::HistoryAction::Merged && e.events == [merge.merged.clone()]),
        "the merge is in the history of the event that kept its id: {kept:?}"
    );
}

#[test]
fn idle_events_retire_and_take_no_more_articles() {
    let config = ClusterConfig { retire_after: 16, ..ClusterConfig::default() };
    // Topic 0 early, then 40 articles of other topics, then topic 0 again (undated, so that
    // no date keeps it from the old event).
    let mut articles = vec![article("old-1", None, 0, &["actor0"]), article("old-2", None, 0, &["actor0"])];
    for k in 0..40 {
        articles.push(article(&format!("filler-{k}"), None, 1 + k, &[]));
    }
    articles.push(article("late", None, 0, &["actor0"]));
    let mut retiring = Clusterer::new(config.clone());
    let retiring_assignments: Vec<Assignment> = articles.iter().map(|a| retiring.add(a)).collect();
    retiring.refine();
    let (kept_assignments, _) = run(&articles);
    let event_of = |assignments: &[Assignment], id: &str| {
        assignments.iter().find(|a| a.article.as_str() == id).map(|a| a.event.clone()).expect("assigned")
    };
    assert_eq!(event_of(&kept_assignments, "late"), event_of(&kept_assignments, "old-1"), "without retirement");
    assert_eq!(event_of(&retiring_assignments, "old-2"), event_of(&retiring_assignments, "old-1"));
    assert_ne!(
        event_of(&retiring_assignments, "late"),
        event_of(&retiring_assignments, "old-1"),
        "a retired event takes no new article"
    );
    // The retired event is still there, whole, with its names for stories.
    let old = retiring.events().iter().find(|e| e.id == event_of(&retiring_assignments, "old-1")).expect("kept");
    assert_eq!(old.articles.len(), 2);
    assert!(old.label("p:actor0").is_some());
    assert_eq!(retiring.events().iter().map(|e| e.articles.len()).sum::<usize>(), articles.len());
}

#[test]
fn a_stream_shorter_than_the_retirement_age_clusters_as_without_it() {
    let articles = stream();
    let (expected, _) = run(&articles);
    let config = ClusterConfig { retire_after: articles.len(), ..ClusterConfig::default() };
    let mut clusterer = Clusterer::new(config);
    let assignments: Vec<Assignment> = articles.iter().map(|a| clusterer.add(a)).collect();
    assert_eq!(assignments, expected);
}

#[test]
fn articles_whose_protagonists_clash_with_an_event_found_their_own() {
    // One kind of event reported twice: the same words, but one set of articles is about
    // Amsel (named three times, Brook once) and the other about Corvin, who never names Amsel.
    let mut articles = Vec::new();
    for i in 0..3 {
        articles.push(article(&format!("amsel{i}"), None, 0, &["amsel", "amsel", "amsel", "brook"]));
    }
    for i in 0..3 {
        articles.push(article(&format!("corvin{i}"), None, 0, &["corvin", "corvin", "corvin", "dale"]));
    }
    let (_, clusterer) = run(&articles);
    let mut events: Vec<Vec<&str>> =
        clusterer.events().iter().map(|e| e.articles.iter().map(|a| a.as_str()).collect()).collect();
    events.sort();
    assert_eq!(events, [["amsel0", "amsel1", "amsel2"], ["corvin0", "corvin1", "corvin2"]]);
    // An article that names the event's protagonist, if only in passing, may join it.
    let mut with_mention = articles.clone();
    with_mention[3] = article("corvin0", None, 0, &["corvin", "corvin", "corvin", "amsel"]);
    let (assignments, _) = run(&with_mention);
    assert!(!assignments[3].founded);
}

#[test]
fn finishing_a_stream_keeps_the_events_splits_and_merges_that_refining_gives() {
    // Retirement on, so that retired and live events both reach the end.
    let config = ClusterConfig { retire_after: 16, ..ClusterConfig::default() };
    let mut articles = stream();
    for k in 0..30 {
        articles.push(article(&format!("late-{k}"), day(12), 10 + k % 4, &[&format!("actor{}", k % 4)]));
    }
    let mut refined = Clusterer::new(config.clone());
    let mut finished = Clusterer::new(config);
    for article in &articles {
        assert_eq!(refined.add(article), finished.add(article));
    }
    refined.refine();
    let done = finished.finish();
    // Each event as what histories, stories and reports read of it.
    let view = |events: &[crate::EventState]| -> Vec<String> {
        events
            .iter()
            .map(|e| format!("{} {:?} {:?} {:?}", e.id.0, e.articles, e.date(), e.name_counts().collect::<Vec<_>>()))
            .collect()
    };
    assert_eq!(view(&done.events), view(refined.events()));
    assert_eq!(done.splits, refined.splits());
    assert_eq!(done.merges, refined.merges());
    assert_eq!(link_stories(&done.events), link_stories(refined.events()));
}

#[test]
fn a_follow_up_recalling_the_day_of_an_event_joins_it_whatever_the_gap() {
    let mut articles: Vec<ArticleFeatures> =
        (0..3).map(|round| article(&format!("a0-{round}"), day(10), 0, &["actor0"])).collect();
    // Months later, the same story: one article names the day of the first event
    // ("the March 10 shooting"), one names another day, one names none.
    let later = Day::from_ymd_opt(2024, 9, 2);
    for (id, recalled) in [("recalls", day(10)), ("other-day", day(20)), ("silent", None)] {
        let mut follow_up = article(id, later, 0, &["actor0"]);
        follow_up.recalled = recalled.map(|d| (d, 0)).into_iter().collect();
        articles.push(follow_up);
    }
    let (assignments, _) = run(&articles);
    let first = &assignments[0].event;
    assert_eq!(&assignments[3].event, first, "the follow-up that recalls the day joins");
    assert_ne!(&assignments[4].event, first, "a day that is not the event's does not lift the veto");
    assert_ne!(&assignments[5].event, first, "nor does silence");
}

#[test]
fn an_article_that_joined_too_early_moves_to_the_event_it_is_most_alike_at_the_end_of_the_batch() {
    // The bridge arrives when only the first event exists and shares half its words with it;
    // the event of the rest of its words, and of the person it names once, comes after it.
    let mut bridge = article("bridge", day(10), 0, &["actor1"]);
    bridge.terms = (0..12).map(|k| format!("topic0word{k}")).chain((0..12).map(|k| format!("topic1word{k}"))).collect();
    bridge.shingles = shingles(&bridge.terms);
    // Other news of the day, so that the words of the two events are rare.
    let mut stream: Vec<ArticleFeatures> =
        (10..16).map(|topic| article(&format!("n{topic}"), day(10), topic, &[])).collect();
    stream.extend([
        article("a0", day(10), 0, &["actor0", "actor0", "actor0"]),
        article("a1", day(10), 0, &["actor0", "actor0", "actor0"]),
        bridge,
        article("b0", day(10), 1, &["actor1", "actor1", "actor1"]),
        article("b1", day(10), 1, &["actor1", "actor1", "actor1"]),
        article("b2", day(10), 1, &["actor1", "actor1", "actor1"]),
    ]);
    let event_of = |clusterer: &Clusterer, id: &str| {
        clusterer.events().iter().find(|e| e.articles.iter().any(|a| a.as_str() == id)).map(|e| e.id.clone())
    };
    let mut still = Clusterer::new(ClusterConfig { reassign_margin: f64::INFINITY, ..ClusterConfig::default() });
    let assignments: Vec<Assignment> = stream.iter().map(|a| still.add(a)).collect();
    still.refine();
    assert_eq!(assignments[8].event, assignments[6].event, "the bridge joins the only event like it");
    assert_eq!(event_of(&still, "bridge"), event_of(&still, "a0"), "without reassignment it stays");
    let (assignments, clusterer) = run(&stream);
    assert_eq!(event_of(&clusterer, "bridge"), event_of(&clusterer, "b0"));
    assert_eq!(event_of(&clusterer, "a0"), event_of(&clusterer, "a1"));
    assert_ne!(event_of(&clusterer, "a0"), event_of(&clusterer, "b0"));
    let [moved] = clusterer.moves() else { panic!("one move: {:?}", clusterer.moves()) };
    assert_eq!((moved.article.as_str(), &moved.from), ("bridge", &assignments[6].event));
    assert!(moved.joined > moved.left, "{moved:?}");
    let histories = crate::event_histories(
        assignments.iter().enumerate(),
        clusterer.splits(),
        clusterer.merges(),
        clusterer.moves(),
    );
    let left = &histories[&moved.from];
    assert!(
        left.iter().any(|e| e.action == parallax_model::HistoryAction::ArticleLeft && e.events == [moved.to.clone()])
    );
    let came = &histories[&moved.to];
    assert!(
        came.iter().any(|e| e.action == parallax_model::HistoryAction::ArticleCame && e.events == [moved.from.clone()])
    );
}

/// Undated articles of one field, each on an event of its own: they share the field's words
/// (a third of each article's) and its leader, and nothing else.
fn one_field(n: usize) -> Vec<ArticleFeatures> {
    (0..n)
        .map(|i| {
            let mut terms: Vec<String> =
                ["minister", "party", "government", "election", "policy", "campaign"].map(String::from).to_vec();
            terms.extend((0..12).map(|k| format!("story{i}word{k}")));
            let names = ["leader".to_string(), format!("person{i}")];
            let mut article = article(&format!("f{i}"), None, 0, &[]);
            article.shingles = shingles(&terms);
            article.terms = terms;
            article.names = names.iter().map(|n| format!("p:{n}")).collect();
            article.name_labels = names.iter().map(|n| (format!("p:{n}"), format!("Jo {n}"))).collect();
            article
        })
        .collect()
}

#[test]
fn undated_articles_that_share_only_their_field_and_its_leader_stay_apart() {
    let articles = one_field(8);
    let (assignments, clusterer) = run(&articles);
    assert_eq!(clusterer.events().len(), 8, "{:?}", assignments.iter().map(|a| a.score).collect::<Vec<_>>());
    // The same articles each reported twice in other words are eight events of two.
    let mut twice = articles.clone();
    for original in &articles {
        let mut again = original.clone();
        again.id = ArticleId(format!("{}-again", original.id.as_str()).into());
        again.terms.retain(|t| !t.ends_with("word0") && !t.ends_with("word1"));
        again.terms.push(format!("{}extra", original.id.as_str()));
        again.shingles = Vec::new();
        twice.push(again);
    }
    let (_, clusterer) = run(&twice);
    assert_eq!(clusterer.events().len(), 8);
    for event in clusterer.events() {
        assert_eq!(event.articles.len(), 2, "{:?}", event.articles);
        assert!(event.articles[1].as_str().starts_with(event.articles[0].as_str()), "{:?}", event.articles);
    }
}

#[test]
fn a_fragment_joins_a_one_article_event_only_as_an_article_would() {
    let mut first = article("first", None, 0, &[]);
    first.terms = (0..12).map(|k| format!("topic0word{k}")).collect();
    let mut second = article("second", None, 0, &[]);
    second.terms = (0..5).map(|k| format!("topic0word{k}")).chain((0..10).map(|k| format!("own{k}"))).collect();
    second.shingles = shingles(&second.terms);
    let config = ClusterConfig::default();
    let mut clusterer = Clusterer::new(config.clone());
    let founded = clusterer.add(&first).event;
    let (_, similarity) =
        clusterer.similarities(&second).into_iter().find(|(id, _)| *id == founded).expect("a candidate");
    assert!(
        (config.merge.threshold..config.join_threshold).contains(&similarity),
        "the premise: alike enough for a fragment merge, not for a join ({similarity:.3})"
    );
    let (_, clusterer) = run(&[first, second]);
    assert_eq!(clusterer.events().len(), 2, "{:?}", clusterer.merges());
}

/// Reports of two events of one kind on one day (two quakes on one island): each shares the
/// kind's words with every report and its event's words with its event's reports.
pub(crate) fn two_of_a_kind(kind_words: usize, event_words: usize, each: usize) -> Vec<ArticleFeatures> {
    let mut stream = Vec::new();
    for i in 0..each {
        for (event, letter) in ["a", "b"].into_iter().enumerate() {
            let id = format!("{letter}{i}");
            let mut terms: Vec<String> = (0..kind_words).map(|k| format!("kind{k}")).collect();
            // Each report carries most of its event's words, not all.
            terms.extend((0..event_words).filter(|k| (k + i) % 4 != 0).map(|k| format!("event{event}word{k}")));
            terms.extend((0..3).map(|k| format!("{id}own{k}")));
            let mut report = article(&id, day(10), 0, &[]);
            report.shingles = shingles(&terms);
            report.terms = terms;
            stream.push(report);
        }
    }
    stream
}

#[test]
fn alike_events_the_stream_kept_apart_are_not_lumped_together() {
    // Two events whose reports share more words of their kind than of their event: at the
    // regrouping's low resolution one part would hold both.
    let (_, clusterer) = run(&two_of_a_kind(12, 4, 6));
    let mut events: Vec<Vec<&str>> =
        clusterer.events().iter().map(|e| e.articles.iter().map(|a| a.as_str()).collect()).collect();
    events.iter_mut().for_each(|e| e.sort_unstable());
    assert_eq!(events, [["a0", "a1", "a2", "a3", "a4", "a5"], ["b0", "b1", "b2", "b3", "b4", "b5"]]);
}

#[test]
fn undated_reports_alike_to_two_days_never_carry_them_into_one_event() {
    // Two events of one kind a month apart, and undated reports that read like both.
    let mut stream = two_of_a_kind(10, 4, 6);
    for report in &mut stream {
        report.event_day = if report.id.as_str().starts_with('a') { day(1) } else { day(30) };
    }
    for i in 0..6 {
        let mut bridge = stream[2 * i].clone();
        bridge.id = ArticleId(format!("u{i}").into());
        bridge.event_day = None;
        bridge.terms.extend(stream[2 * i + 1].terms.iter().filter(|t| t.starts_with("event")).cloned());
        bridge.shingles = Vec::new();
        stream.push(bridge);
    }
    let (_, clusterer) = run(&stream);
    for event in clusterer.events() {
        let days: std::collections::BTreeSet<&str> =
            event.articles.iter().filter(|a| !a.as_str().starts_with('u')).map(|a| &a.as_str()[..1]).collect();
        assert!(days.len() <= 1, "reports of both days in one event: {:?}", event.articles);
    }
}
