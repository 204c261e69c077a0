/*
   Scenario C: "did on-call receive and open the P1 page before it escalated?"

   One row per channel and recipient of the incident, counting only what happened at or before :escalation_time:
   paged (Herald's send succeeded), delivered / opened (a verified receipt said so), failure (a bad
   receipt status, if any), and the earliest time of each. Parameters:
     :incident         the incident id: the alarm event's id (Twilio callbacks carry it as `cid`, Resend as the
                       `incident_id` tag)
     :escalation_time  ISO-8601 UTC with milliseconds, e.g. 2026-11-22T10:15:00.000Z (timestamps compare as text)

     herald query "$(cat Examples/scenario-c/question.sql)" \
         --param incident=<event id> --param escalation_time=2026-11-22T10:15:00.000Z

   (The file starts with a block comment, not `--`: a leading `--` would be read as an option by `herald query`.)
*/
SELECT channel,
       recipient,
       MAX(CASE WHEN kind = 'send' AND status = 'sent' THEN 1 ELSE 0 END) AS paged,
       MAX(CASE WHEN kind = 'receipt' AND status IN ('delivered', 'read', 'opened', 'clicked') THEN 1 ELSE 0 END) AS delivered,
       MAX(CASE WHEN kind = 'receipt' AND status IN ('read', 'opened', 'clicked') THEN 1 ELSE 0 END) AS opened,
       MAX(CASE WHEN kind = 'receipt' AND status IN ('bounced', 'failed', 'undelivered', 'complained') THEN status END) AS failure,
       MIN(CASE WHEN kind = 'send' AND status = 'sent' THEN timestamp END) AS paged_at,
       MIN(CASE WHEN kind = 'receipt' AND status IN ('delivered', 'read', 'opened', 'clicked') THEN timestamp END) AS delivered_at,
       MIN(CASE WHEN kind = 'receipt' AND status IN ('read', 'opened', 'clicked') THEN timestamp END) AS opened_at
FROM alert_events
WHERE incident_id = :incident
  AND timestamp <= :escalation_time
  AND channel IS NOT NULL  -- pages and their receipts; not forwards of receipt events to plain URL targets
GROUP BY channel, recipient
ORDER BY channel
