package dev.puppetengine.llm.offline;

import dev.puppetengine.persona.PersonaId;
import java.util.List;

/**
 * The sentence frames one persona's offline texts are built from. There are four voices with no frame in common, and
 * a persona keeps the one its id hashes to, so the personas of a small cast do not share stock phrases (the sample
 * cast has one voice each; a cast of more than four shares voices, never the persona's own material).
 *
 * <p>Slots: {@code {i}} and {@code {i2}} an interest, {@code {k}} a key term, {@code {t}} a trait, {@code {m}} the mood
 * in words, {@code {s}} what is talked about (a topic, or a phrase of the text answered); an uppercase slot starts a
 * sentence. A short topic may be a subject ("night skies") or a feeling ("sudden inspiration", a mood event), so its
 * frames read right with either; a headline (a topic of five words or more) is quoted whole, in frames of its own. Every frame reads right whatever fills it — singular or plural, with or without "the": a slot is never the
 * subject of a verb, never follows an article or "more"; a key term (often a bare singular such as "eyepiece") only
 * stands as a label or in a list; what a stranger wrote ({@code {s}} in replies) is only ever quoted in a neutral
 * question, never approved of; and no frame opens with a filler the output policy would strip ("Okay,").
 */
enum Voice {
    NOTEBOOK(
            List.of(
                    "Today's bench notes: mostly {i}.",
                    "Logged another evening on {i}. Results pending.",
                    "Working theory: everything eventually comes back to {i}.",
                    "Status report on {i}: progress, slowly.",
                    "This week's observations concern {i} and {i2}.",
                    "For the record, I was wrong about {i} once. Only once.",
                    "Measured twice, cut once, still thinking about {i}.",
                    "Tonight's project involves {i}. Expect updates.",
                    "Question for anyone into {i}: what did you learn the hard way?",
                    "Reminder, mostly to myself: patience pays off with {i}.",
                    "Being {t} pays off, especially with {i}."),
            List.of(
                    "Re {s}: noted, and filed next to {i}.",
                    "On {s}: the details matter more than the first impression.",
                    "Thinking about {s} today. Cross-checking against what I know about {i}."),
            List.of(
                    "Headline: \"{s}\". Filed next to {i}.",
                    "Read: \"{s}\". The details will matter more than the headline."),
            List.of("Mood log: {m}.", "Condition: {m}. Carrying on.", "Current state: {m}."),
            List.of("End of report.", "More data soon.", "Noted."),
            List.of(
                    "Short answer: {k}. Long answer: it depends.",
                    "From my bench, it looks like a question about {i}.",
                    "I would test that before trusting it. Start with {i}.",
                    "Possibly. My notes on {i} say otherwise, though.",
                    "You wrote \"{s}\". What prompted that?",
                    "Which part of \"{s}\" are you asking about? I can speak to {i}."),
            List.of("Footnote: {k}.", "Filed under {i}.", "Worth checking against what we know about {i}.")),
    MUSING(
            List.of(
                    "Been thinking about {i} all day.",
                    "Some days the only thing that makes sense to me is {i}.",
                    "Quiet question for the timeline: what got you into {i}?",
                    "Spent the morning reading about {i} again.",
                    "The more I learn about {i}, the less sure I am of anything.",
                    "Hot take: {i} and {i2} have more in common than people admit.",
                    "Still amazed that people get to think about {i} for a living.",
                    "Hear me out: {i2}, but through the lens of {i}.",
                    "Grateful for everyone who ever taught me about {i}.",
                    "Slow afternoon, good company, a long talk about {i}.",
                    "Being {t} about {i} is a lifestyle, not a phase."),
            List.of(
                    "A day of {s}, and somehow it all comes back to {i}.",
                    "Sitting with {s} this morning and thinking about what it means for {i}.",
                    "{S}, again. I have thoughts, and most of them involve {i}."),
            List.of(
                    "Everyone's talking about this: \"{s}\". My take: it all comes back to {i}.",
                    "Reading \"{s}\" this morning and thinking about what it means for {i}."),
            List.of("Feeling {m} today.", "Honestly a bit {m} right now.", "{M}, and fine with that."),
            List.of("More on this soon.", "Just saying.", "Anyway, that's where I am."),
            List.of(
                    "Thanks for writing. For me it always comes down to {i}.",
                    "Good question to sit with. I keep coming back to {i}.",
                    "Interesting. I'd look at it through {i}.",
                    "I keep thinking about {i} when this comes up.",
                    "What drew you to \"{s}\"?",
                    "Curious where \"{s}\" fits for you. For me it's {i}."),
            List.of(
                    "Worth reading if you care about {i}.",
                    "This, but make it about {i}.",
                    "Saving this for the next long talk about {i}.")),
    QUIET(
            List.of(
                    "Awake again. Thinking about {i}.",
                    "Small discovery tonight, involving {i}.",
                    "Nothing dramatic. Just {i}, and a little quiet.",
                    "Three things on my mind: {k}, {i2}, {i}.",
                    "It is late and I keep returning to {i}.",
                    "A note to whoever needs it: go slowly with {i}.",
                    "Learning about {i} the slow way, which is the only way I know.",
                    "Some nights are for {i}. This is one of them.",
                    "What I know about {i} fits in one sentence, and I'm still writing it.",
                    "Unpopular opinion, said quietly: we owe {i} more patience.",
                    "Trying to stay {t} about {i}."),
            List.of(
                    "About {s}: I keep thinking of {i}.",
                    "Thinking about {s}. Went back to {i}.",
                    "{S}, then. Quietly filing it next to {i}."),
            List.of("Saw this: \"{s}\". Went back to {i}.", "\"{S}\". Noted, quietly, next to {i}."),
            List.of("Feeling {m}.", "{M}, mostly.", "Mood tonight: {m}."),
            List.of("That's all.", "Anyway.", "Goodnight."),
            List.of(
                    "Maybe. For me it comes back to {i}.",
                    "Hm. I'd look at it through {i}.",
                    "Not sure. I'd start from {i} instead.",
                    "Quietly, I think about {i} here.",
                    "Why \"{s}\", if you don't mind me asking?",
                    "\"{S}\"? Tell me more."),
            List.of(
                    "Keeping this one, next to my notes on {i}.",
                    "This, but slower, and about {i}.",
                    "Something to think about at night, along with {i}.")),
    BRIGHT(
            List.of(
                    "Can't stop thinking about {i} today!",
                    "Fun fact time soon. Topic: {i}.",
                    "If you have never looked into {i}, tonight is a great night to start!",
                    "Nobody talks enough about {i}.",
                    "Confession: I could talk about {i} for hours.",
                    "Big question for the timeline: what got you hooked on {i}?",
                    "Every time I explain {i} to someone, I understand it a bit better myself.",
                    "Tonight's plan: {i}, snacks, and good company.",
                    "The best part of {i}? Finding out you were wrong about {i2}.",
                    "Simple pleasures: {i}, {i2}, and a clear evening.",
                    "Proudly {t} about {i}, as always!"),
            List.of(
                    "{S}? Worth a thought, especially if you care about {i}.",
                    "All about {s} today! Naturally I'm thinking about {i}.",
                    "So, {s}. Here's my short version, through the lens of {i}."),
            List.of(
                    "Big news: \"{s}\"! Naturally I'm thinking about {i}.",
                    "Did you see this? \"{S}\". Worth watching if you care about {i}."),
            List.of("Current vibe: {m}!", "Mood check: {m}.", "Today's forecast: {m}."),
            List.of("Change my mind!", "Who's with me?", "More soon!"),
            List.of(
                    "Happy to talk about this! For me it starts with {i}.",
                    "Counterpoint: {k}!",
                    "Oh, I'd look at it through {i}.",
                    "You mentioned \"{s}\"! What got you curious?",
                    "Tell me more about \"{s}\"! Meanwhile I'll be over here thinking about {i}.",
                    "Honestly, this makes me think of {i}."),
            List.of(
                    "Adding to this: do not forget about {i}!",
                    "Filing this under {i}!",
                    "Sharing this for everyone into {i}!"));

    final List<String> posts;
    final List<String> topics;
    final List<String> headlines;
    final List<String> moods;
    final List<String> closers;
    final List<String> replies;
    final List<String> quotes;

    Voice(
            List<String> posts,
            List<String> topics,
            List<String> headlines,
            List<String> moods,
            List<String> closers,
            List<String> replies,
            List<String> quotes) {
        this.posts = posts;
        this.topics = topics;
        this.headlines = headlines;
        this.moods = moods;
        this.closers = closers;
        this.replies = replies;
        this.quotes = quotes;
    }

    /** Every frame of this voice. */
    List<String> frames() {
        return java.util.stream.Stream.of(posts, topics, headlines, moods, closers, replies, quotes)
                .flatMap(List::stream)
                .toList();
    }

    /** The voice of a persona: stable for its id (a 64-bit mix of the id's hash, so close ids spread out). */
    static Voice of(PersonaId id) {
        long z = id.value().hashCode();
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        z ^= z >>> 33;
        return values()[(int) Math.floorMod(z, (long) values().length)];
    }
}
