// Drives the sandbox X API with the npm twitter-api-v2 client, unchanged: only its base URL is moved, through the
// client's own plugin hook, from https://api.x.com/2/ to the sandbox port (and plain HTTP needs an http.Agent).
// Run by TwitterApiNodeClientIT: ENGINE_URL, API_TOKEN, PERSONA_A, PERSONA_B in the environment.
// Prints one JSON line of findings; exits 1 on the first failed check.
import assert from 'node:assert/strict';
import http from 'node:http';
import { TwitterApi, TwitterV2IncludesHelper } from 'twitter-api-v2';

const { ENGINE_URL, API_TOKEN, PERSONA_A, PERSONA_B } = process.env;
const X_ROOT = 'https://api.x.com/2/';
const run = Date.now().toString(36);
const findings = {};

async function credentials(personaId) {
  const response = await fetch(`${ENGINE_URL}/api/sandbox/credentials/${personaId}`, {
    headers: { Authorization: `Bearer ${API_TOKEN}` },
  });
  assert.equal(response.status, 200, `credentials of ${personaId}`);
  return response.json();
}

/** Captures the last request's URL and Authorization header, to replay it by hand. */
function lastRequest() {
  const seen = {};
  return {
    seen,
    plugin: {
      onBeforeRequest({ computedParams }) {
        seen.url = computedParams.url.toString();
        seen.authorization = computedParams.headers.authorization ?? computedParams.headers.Authorization;
      },
    },
  };
}

function client(keys, recorder) {
  const base = `${keys.baseUrl}/2/`;
  const moveBaseUrl = {
    onBeforeRequestConfig({ params }) {
      if (params.url.startsWith(X_ROOT)) {
        params.url = base + params.url.slice(X_ROOT.length);
      }
    },
  };
  return new TwitterApi(
    { appKey: keys.apiKey, appSecret: keys.apiKeySecret, accessToken: keys.accessToken, accessSecret: keys.accessTokenSecret },
    { httpAgent: new http.Agent(), plugins: [moveBaseUrl, recorder.plugin] },
  ).v2;
}

function raw(url, authorization) {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'GET', headers: { authorization } }, response => {
      response.resume();
      response.on('end', () => resolve(response.statusCode));
    });
    request.on('error', reject);
    request.end();
  });
}

async function status(promise) {
  try {
    await promise;
    return 200;
  } catch (error) {
    return error.code;
  }
}

try {
  const aKeys = await credentials(PERSONA_A);
  const bKeys = await credentials(PERSONA_B);
  assert.match(aKeys.baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
  const recorder = lastRequest();
  const a = client(aKeys, recorder);
  const b = client(bKeys, lastRequest());

  const aMe = await a.me();
  const bMe = await b.me();
  assert.equal(aMe.data.username, aKeys.username);
  assert.equal(bMe.data.id, bKeys.userId);
  findings.me = aMe.data.username;

  const root = await a.tweet(`tide pools at dawn ${run}, @${bKeys.username} come look`);
  assert.match(root.data.id, /^\d+$/);
  assert.deepEqual(root.data.edit_history_tweet_ids, [root.data.id]);
  const reply = await b.reply(`on my way ${run}`, root.data.id);
  const quote = await b.quote(`look at this thread ${run}`, root.data.id);
  findings.posted = [root.data.id, reply.data.id, quote.data.id];

  const fields = { expansions: ['referenced_tweets.id', 'author_id'], 'tweet.fields': ['conversation_id', 'created_at'] };
  const replyLookup = await a.singleTweet(reply.data.id, fields);
  const replyIncludes = new TwitterV2IncludesHelper(replyLookup);
  assert.equal(replyIncludes.repliedTo(replyLookup.data)?.id, root.data.id);
  assert.equal(replyIncludes.author(replyLookup.data)?.username, bKeys.username);
  assert.equal(replyLookup.data.conversation_id, root.data.id);
  const quoteLookup = await a.singleTweet(quote.data.id, fields);
  assert.equal(new TwitterV2IncludesHelper(quoteLookup).quote(quoteLookup.data)?.id, root.data.id);
  const plain = await a.singleTweet(reply.data.id);
  assert.deepEqual(Object.keys(plain.data).sort(), ['edit_history_tweet_ids', 'id', 'text']);
  const both = await a.tweets([root.data.id, reply.data.id]);
  assert.deepEqual(both.data.map(t => t.id).sort(), [root.data.id, reply.data.id].sort());
  findings.lookup = { repliedTo: replyIncludes.repliedTo(replyLookup.data).id, plainFields: Object.keys(plain.data).length };

  for (let i = 0; i < 6; i++) {
    await b.tweet(`@${aKeys.username} ping ${i} ${run}`);
  }
  const mentions = await a.userMentionTimeline(aKeys.userId, { max_results: 5, expansions: ['author_id'] });
  let pages = 1;
  while (!mentions.done) {
    await mentions.fetchNext();
    pages++;
  }
  const mentionIds = mentions.tweets.map(t => t.id);
  assert.ok(mentionIds.includes(reply.data.id), 'the reply is a mention of its parent\'s author');
  assert.ok(mentionIds.length >= 7, `7 mentions or more, got ${mentionIds.length}`);
  assert.ok(pages >= 2, 'more than one page');
  assert.equal(new Set(mentionIds).size, mentionIds.length, 'no mention twice across pages');
  findings.mentions = { count: mentionIds.length, pages };

  const search = await a.search(`@${bKeys.username}`, { max_results: 10 });
  assert.ok(search.tweets.some(t => t.id === root.data.id), 'search @handle finds the root');
  findings.search = search.tweets.length;

  assert.equal((await b.like(bKeys.userId, root.data.id)).data.liked, true);
  assert.equal((await b.unlike(bKeys.userId, root.data.id)).data.liked, false);
  findings.likes = 'liked, unliked';

  assert.equal((await a.deleteTweet(quote.data.id).catch(e => e)).code, 403, 'not the author');
  assert.equal((await a.deleteTweet(root.data.id)).data.deleted, true);
  const answer = await a.singleTweet(root.data.id).catch(e => e);
  const gone = answer instanceof Error ? answer.data : answer;
  assert.equal(gone.data, undefined, 'a deleted post is gone');
  assert.equal(gone.errors?.[0]?.type, 'https://api.x.com/2/problems/resource-not-found');
  findings.deleted = root.data.id;

  await a.me();
  findings.replayed = await raw(recorder.seen.url, recorder.seen.authorization);
  assert.equal(findings.replayed, 401, 'a replayed Authorization header');
  const RealDate = globalThis.Date;
  globalThis.Date = class extends RealDate {
    constructor(...args) {
      if (args.length === 0) {
        super(RealDate.now() - 3 * 24 * 3600 * 1000);
      } else {
        super(...args);
      }
    }
  };
  try {
    findings.stale = await status(a.me());
  } finally {
    globalThis.Date = RealDate;
  }
  assert.equal(findings.stale, 401, 'a timestamp three days old');
  findings.ok = true;
  console.log(JSON.stringify(findings));
} catch (error) {
  findings.ok = false;
  findings.error = String(error?.stack ?? error);
  findings.data = error?.data;
  console.log(JSON.stringify(findings));
  process.exit(1);
}
