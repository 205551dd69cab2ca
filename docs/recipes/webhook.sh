#!/bin/sh
# draftdiff --on-report recipe: post each new comparison to a chat or push webhook that
# takes a JSON body with a "text" field (Slack, Mattermost, Rocket.Chat, Zulip's Slack
# endpoint; for Discord, rename the field "content"). Set WEBHOOK_URL; with --base-url,
# the message links the published report. See docs/notifications.md.
#
# jq builds the body from the JSON report and the key changes; no draft text is ever
# pasted into a shell string or a JSON literal. (Built first, so that a jq failure fails
# the command instead of posting an empty body.)
set -eu
body=$(jq --arg changes "$DRAFTDIFF_KEY_CHANGES" --arg link "${DRAFTDIFF_REPORT_URL:-}" \
    '{text: ("\(.document): \(.old.version) → \(.new.version)\n\(.headline)\n\n\($changes)"
        + (if $link == "" then "" else "\n\n\($link)" end))}' \
    "$DRAFTDIFF_REPORT_JSON")
printf '%s' "$body" |
    curl --fail --silent --show-error --max-time 20 --output /dev/null \
        -H 'Content-Type: application/json' --data-binary @- "$WEBHOOK_URL"
