-- Wake job runners from the database itself: whenever a job becomes queued (new, retried or
-- requeued after a runner died), NOTIFY vps_jobs. Notifications are sent on commit and
-- PostgreSQL folds duplicates within a transaction, so a batch wakes the runners once.
CREATE FUNCTION notify_job_queued() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('vps_jobs', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER jobs_queued_notify
    AFTER INSERT OR UPDATE OF status ON jobs
    FOR EACH ROW WHEN (NEW.status = 'queued')
    EXECUTE FUNCTION notify_job_queued();
