/* jobs.c - work the writer shares with a second thread while it writes.
 *
 * A job is a function and its data that produces bytes the writer writes
 * later (a face's subset program, the output profile's deflated stream, a
 * page's content): nothing it writes is touched by the writer until the
 * writer awaits it. Jobs are added before cp_pdf_jobs_start; with
 * threads > 1 one worker thread then takes waiting jobs in the order they
 * were added, except those held back (cp_pdf_jobs_hold: work that needs
 * something the caller makes first) until cp_pdf_jobs_release.
 * cp_pdf_jobs_await(i) runs job i on the caller's thread when
 * no one has taken it; when the worker has, the caller runs the first
 * waiting jobs meanwhile, and only waits when none is left, so neither
 * thread sits idle while work waits. Which thread ran a job changes
 * nothing in what it made, and the writer writes the results in its own
 * order, so the bytes are the same on one thread or two. */
#include "pdf/pdf_int.h"

typedef enum { JOB_WAITING, JOB_RUNNING, JOB_DONE } job_state;

typedef struct job {
	cp_pdf_job_fn fn;
	void *data;
	job_state state; /* under the lock */
} job;

struct cp_pdf_jobs {
	GArray *jobs; /* job; not resized once started */
	guint next;   /* no job before it is waiting (under the lock) */
	guint limit;  /* jobs from here on are held (under the lock) */
	GThread *worker;
	bool stop; /* the worker takes no more jobs */
	GMutex lock;
	GCond done;
};

cp_pdf_jobs *cp_pdf_jobs_new(void)
{
	cp_pdf_jobs *j = g_new0(cp_pdf_jobs, 1);
	j->jobs = g_array_new(FALSE, TRUE, sizeof(job));
	g_mutex_init(&j->lock);
	g_cond_init(&j->done);
	return j;
}

size_t cp_pdf_jobs_add(cp_pdf_jobs *j, cp_pdf_job_fn fn, void *data)
{
	g_assert(j->worker == NULL);
	job jb = {fn, data, JOB_WAITING};
	g_array_append_val(j->jobs, jb);
	j->limit = j->jobs->len;
	return j->jobs->len - 1;
}

void cp_pdf_jobs_hold(cp_pdf_jobs *j, size_t from)
{
	g_assert(j->worker == NULL && from <= j->jobs->len);
	j->limit = (guint)from;
}

void cp_pdf_jobs_release(cp_pdf_jobs *j)
{
	g_mutex_lock(&j->lock);
	j->limit = j->jobs->len;
	g_cond_broadcast(&j->done);
	g_mutex_unlock(&j->lock);
}

/* The first waiting job not held, marked running; NULL when none is
 * left. Under the lock. */
static job *take_locked(cp_pdf_jobs *j)
{
	while (j->next < j->limit && g_array_index(j->jobs, job, j->next).state != JOB_WAITING)
		j->next++;
	if (j->next >= j->limit)
		return NULL;
	job *jb = &g_array_index(j->jobs, job, j->next);
	jb->state = JOB_RUNNING;
	return jb;
}

/* Runs jb (marked running, taken under the lock, which is held again
 * after). */
static void run_locked(cp_pdf_jobs *j, job *jb)
{
	g_mutex_unlock(&j->lock);
	jb->fn(jb->data);
	g_mutex_lock(&j->lock);
	jb->state = JOB_DONE;
	g_cond_broadcast(&j->done);
}

/* The worker: jobs in order while there are any, waiting while the rest
 * are held. */
static gpointer worker_run(gpointer data)
{
	cp_pdf_jobs *j = data;
	g_mutex_lock(&j->lock);
	while (!j->stop) {
		job *jb = take_locked(j);
		if (jb != NULL)
			run_locked(j, jb);
		else if (j->limit < j->jobs->len)
			g_cond_wait(&j->done, &j->lock);
		else
			break;
	}
	g_mutex_unlock(&j->lock);
	cp_pdf_deflate_release();
	return NULL;
}

void cp_pdf_jobs_start(cp_pdf_jobs *j, int threads)
{
	if (threads > 1 && j->jobs->len > 0 && j->worker == NULL)
		j->worker = g_thread_new("canpress-pdf", worker_run, j);
}

void cp_pdf_jobs_await(cp_pdf_jobs *j, size_t i)
{
	g_assert(i < j->jobs->len);
	job *jb = &g_array_index(j->jobs, job, i);
	g_mutex_lock(&j->lock);
	while (jb->state != JOB_DONE) {
		job *run = NULL;
		if (jb->state == JOB_WAITING) {
			jb->state = JOB_RUNNING;
			run = jb;
		} else {
			/* the worker has it: do another job meanwhile */
			run = take_locked(j);
		}
		if (run == NULL)
			g_cond_wait(&j->done, &j->lock);
		else
			run_locked(j, run);
	}
	g_mutex_unlock(&j->lock);
}

void cp_pdf_jobs_help(cp_pdf_jobs *j)
{
	g_mutex_lock(&j->lock);
	job *jb;
	while ((jb = take_locked(j)) != NULL)
		run_locked(j, jb);
	g_mutex_unlock(&j->lock);
}

void cp_pdf_jobs_free(cp_pdf_jobs *j)
{
	if (j == NULL)
		return;
	if (j->worker != NULL) {
		g_mutex_lock(&j->lock);
		j->stop = true;
		g_cond_broadcast(&j->done);
		g_mutex_unlock(&j->lock);
		g_thread_join(j->worker);
	}
	g_array_unref(j->jobs);
	g_mutex_clear(&j->lock);
	g_cond_clear(&j->done);
	g_free(j);
}
