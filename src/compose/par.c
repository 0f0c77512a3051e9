/* par.c - composing on two threads with the same result as on one.
 *
 * Compose is sequential where it places (pages, columns, grid cells, page
 * numbers), but many of its units are independent before that: the
 * paragraphs of an article set at their measure, the fitting of each
 * member card, each card drawn in its cell once the cells are known. Such
 * a unit is a job: the code that will need it submits it early, in the
 * order it will use it, and takes it when it gets there (cp_par_take). A
 * worker thread with a typesetter of its own (cp_ts_new_sibling: its own
 * Pango font map, never touched by the main thread) runs the jobs in that
 * order, at most CP_PAR_AHEAD ahead of the last one taken, leaving the
 * next one to the main thread; a job the worker has not started when it
 * is taken is run by the main thread then, on its own typesetter, exactly
 * as on one thread. So both threads set paragraphs. When the main thread
 * gets to a job the worker is still running, it does not sit idle: it
 * runs the jobs next in line the worker has not started (the one it takes
 * next first, which the worker leaves to it), as the worker would, and
 * takes them in turn (run ahead, below).
 *
 * What a job run on the worker gives comes out the same:
 *  - it draws on a page of the worker's own display list (a fragment);
 *    taking it moves the items onto the real page and enters their fonts,
 *    images and artworks in the tables then, in the order of the
 *    items, as drawing them there would have (fonts of the worker's font
 *    map alias the entry of the same face: cp_dl_font_add);
 *  - its diagnostics go to a sink of its own, and those the main thread
 *    gives once only (the typesetter's, cp_ts_record; notations read once
 *    per place, frame.c) are recorded with their keys: taking the job
 *    replays them in order, a once-only one only when the main thread has
 *    not given it yet;
 *  - the worker's typesetter hands out results again (its memo), and a
 *    result handed out again gives no diagnostics: right only when the job
 *    that made it was taken before. Jobs are taken in order, so it holds,
 *    unless a job the worker ran is never taken (compose stopped early at
 *    the page limit): from then on the worker's results are not used.
 * A job the main thread runs ahead is run the worker's way (its own sinks,
 * a page of a fragment of its own) on the main typesetter with its second
 * memo (cp_ts_memo_swap), so the memo of the main thread's own turn never
 * holds a result whose diagnostics were not given; a job run ahead and
 * never taken stops the use of results run ahead, as for the worker.
 * With threads 1 (CANPRESS_THREADS=1) no worker starts and every job runs
 * when it is taken. */
#include "compose/compose_int.h"

#include <pthread.h>

/* Jobs the worker may run ahead of the last one taken: bounds the results
 * held at once (paragraphs, drawn cards). */
#define CP_PAR_AHEAD 48

enum { JOB_FREE, JOB_WORKER, JOB_AHEAD, JOB_DONE, JOB_TAKEN, JOB_GIVEN_UP };

struct cp_par_job {
	cp_par_fn fn;
	void *data;
	GDestroyNotify free_data;
	cp_dl_page *page; /* where fn draws: the fragment or the real page */
	bool draws;
	bool quiet; /* the main context's when submitted */
	int state;  /* JOB_*, under the lock */
	guint index;
	bool ahead; /* run recorded by the main thread, ahead of its turn */
	cp_diags *diags;
	GArray *ts_rec;    /* cp_ts_rec: the typesetter's once-only diagnostics */
	GArray *notes_rec; /* cp_ts_rec: notations read once per place */
	/* the fragment's tables when the job was done (the worker goes on
	 * adding to them) */
	GPtrArray *fonts; /* PangoFont *, the fragment holds the references */
	GArray *images;   /* cp_dl_image_src */
	GArray *artworks; /* cp_dl_artwork_src */
};

typedef struct cp_par {
	/* POSIX's, not GLib's futex-based ones: ThreadSanitizer sees these */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	GPtrArray *jobs; /* cp_par_job *, in the order they are taken */
	guint next;      /* the worker's next candidate */
	guint pos;       /* jobs before pos were taken or given up */
	bool stop;
	bool off;       /* the worker's results are not used any more */
	bool ahead_off; /* nor those run ahead */
	GThread *thread;
	cp_typesetter *ts; /* the worker's */
	cp_compose wc;     /* the worker's context */
	cp_dl *frag;       /* the worker's display list */
	cp_compose ac;     /* the main thread's context for jobs run ahead */
	cp_dl *afrag;      /* and their display list */
} cp_par;

static void rec_clear(gpointer p)
{
	g_free(((cp_ts_rec *)p)->key);
}

static GArray *rec_new(void)
{
	GArray *a = g_array_new(FALSE, FALSE, sizeof(cp_ts_rec));
	g_array_set_clear_func(a, rec_clear);
	return a;
}

/* Drops what the worker made of the job (its results are the job's data:
 * fn replaces them when it runs again). */
static void job_output_clear(cp_par_job *job)
{
	g_clear_pointer(&job->diags, cp_diags_free);
	g_clear_pointer(&job->ts_rec, g_array_unref);
	g_clear_pointer(&job->notes_rec, g_array_unref);
	g_clear_pointer(&job->fonts, g_ptr_array_unref);
	g_clear_pointer(&job->images, g_array_unref);
	g_clear_pointer(&job->artworks, g_array_unref);
	job->ahead = false;
}

static void job_free(gpointer p)
{
	cp_par_job *job = p;
	job_output_clear(job);
	if (job->free_data != NULL && job->data != NULL)
		job->free_data(job->data);
	g_free(job);
}

/* Runs job recorded, in context w (the worker's, or the main thread's for
 * jobs run ahead): its own sinks, a page of w's fragment. */
static void run_recorded(cp_compose *w, cp_par_job *job)
{
	cp_dl *frag = w->dl;
	job->diags = cp_diags_new();
	job->ts_rec = rec_new();
	job->notes_rec = rec_new();
	w->d = job->diags;
	w->rec = job->notes_rec;
	w->quiet = job->quiet;
	job->page = job->draws ? cp_dl_page_add(frag, 0, 0, 0, NULL) : NULL;
	cp_ts_record(w->ts, job->ts_rec);
	job->fn(w, job);
	cp_ts_record(w->ts, NULL);
	w->d = NULL;
	w->rec = NULL;
	if (!job->draws)
		return;
	job->fonts = g_ptr_array_sized_new(frag->fonts->len);
	for (guint i = 0; i < frag->fonts->len; i++)
		g_ptr_array_add(job->fonts, g_array_index(frag->fonts, cp_dl_font, i).font);
	job->images = g_array_copy(frag->images);
	job->artworks = g_array_copy(frag->artworks);
}

static gpointer worker_main(gpointer data)
{
	cp_par *p = data;
	pthread_mutex_lock(&p->lock);
	for (;;) {
		cp_par_job *job = NULL;
		while (!p->stop && job == NULL) {
			/* the job the main thread takes next is left to it: it
			 * runs that one itself rather than wait for it */
			if (p->next <= p->pos)
				p->next = p->pos + 1;
			if (p->off || p->next >= p->jobs->len || p->next >= p->pos + CP_PAR_AHEAD) {
				pthread_cond_wait(&p->cond, &p->lock);
				continue;
			}
			cp_par_job *j = g_ptr_array_index(p->jobs, p->next++);
			if (j->state == JOB_FREE) {
				j->state = JOB_WORKER;
				job = j;
			}
		}
		if (job == NULL)
			break;
		pthread_mutex_unlock(&p->lock);
		run_recorded(&p->wc, job);
		pthread_mutex_lock(&p->lock);
		job->state = JOB_DONE;
		pthread_cond_broadcast(&p->cond);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

void cp_par_start(cp_compose *c, int threads)
{
	g_assert(c->par == NULL);
	cp_par *p = g_new0(cp_par, 1);
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->cond, NULL);
	p->jobs = g_ptr_array_new_with_free_func(job_free);
	c->par = p;
	if (threads < 2)
		return;
	p->ts = cp_ts_new_sibling(c->ts);
	p->frag = cp_dl_new();
	/* the worker's context: the main one's geometry and styles (read
	 * only), its own typesetter, display list and sinks; nothing of the
	 * pages, parts or once-only tables, which are the main thread's */
	p->wc = *c;
	p->wc.ts = p->ts;
	p->wc.dl = p->frag;
	p->wc.d = NULL;
	p->wc.info = NULL;
	p->wc.part_page = NULL;
	p->wc.member_page = NULL;
	p->wc.index_page = NULL;
	p->wc.notes = NULL;
	p->wc.house_placed = NULL;
	p->wc.house_padded = NULL;
	p->wc.article_jobs = NULL;
	p->wc.par = NULL;
	/* the main thread's for jobs run ahead: the same, on its typesetter */
	p->afrag = cp_dl_new();
	p->ac = p->wc;
	p->ac.ts = c->ts;
	p->ac.dl = p->afrag;
	p->thread = g_thread_new("canpress-comp", worker_main, p);
}

void cp_par_end(cp_compose *c)
{
	cp_par *p = c->par;
	if (p == NULL)
		return;
	c->par = NULL;
	if (p->thread != NULL) {
		pthread_mutex_lock(&p->lock);
		p->stop = true;
		pthread_cond_broadcast(&p->cond);
		pthread_mutex_unlock(&p->lock);
		g_thread_join(p->thread);
	}
	g_ptr_array_unref(p->jobs);
	if (p->ts != NULL)
		cp_ts_free(p->ts);
	/* items moved onto the pages live in the fragments' arenas */
	cp_dl *frags[] = {p->frag, p->afrag};
	for (size_t i = 0; i < G_N_ELEMENTS(frags); i++) {
		if (frags[i] != NULL && c->dl != NULL)
			cp_dl_adopt(c->dl, frags[i]);
		else if (frags[i] != NULL)
			cp_dl_free(frags[i]);
	}
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->cond);
	g_free(p);
}

cp_par_job *cp_par_submit(cp_compose *c, cp_par_fn fn, void *data, GDestroyNotify free_data,
                          bool draws)
{
	cp_par *p = c->par;
	g_assert(p != NULL);
	cp_par_job *job = g_new0(cp_par_job, 1);
	job->fn = fn;
	job->data = data;
	job->free_data = free_data;
	job->draws = draws;
	job->quiet = c->quiet;
	pthread_mutex_lock(&p->lock);
	job->index = p->jobs->len;
	g_ptr_array_add(p->jobs, job);
	/* the worker waits for a job within its reach */
	if (p->thread != NULL && job->index < p->pos + CP_PAR_AHEAD)
		pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
	return job;
}

void *cp_par_data(cp_par_job *job)
{
	return job->data;
}

cp_dl_page *cp_par_page(cp_par_job *job)
{
	return job->page;
}

/* A diagnostic given once per place of its notation: true when c has not
 * given it (now it has). */
static bool note_claim(cp_compose *c, const char *key)
{
	return cp_compose_note_claim(c, key);
}

/* The job's diagnostics, in order, as the main thread gives them. */
static void replay(cp_compose *c, const cp_par_job *job)
{
	guint a = 0;
	guint b = 0;
	for (size_t i = 0; i < cp_diags_len(job->diags); i++) {
		const cp_diag *dg = cp_diags_get(job->diags, i);
		bool give = true;
		if (a < job->ts_rec->len && g_array_index(job->ts_rec, cp_ts_rec, a).index == i)
			give =
			    cp_ts_diag_claim(c->ts, g_array_index(job->ts_rec, cp_ts_rec, a++).key);
		else if (b < job->notes_rec->len &&
		         g_array_index(job->notes_rec, cp_ts_rec, b).index == i)
			give = note_claim(c, g_array_index(job->notes_rec, cp_ts_rec, b++).key);
		if (!give)
			continue;
		cp_diag *nd = cp_diag_add(c->d, dg->code, dg->span, NULL, "%s", dg->msg);
		nd->hint = g_strdup(dg->hint);
		if (dg->note != NULL)
			cp_diag_set_note(nd, dg->note_span, "%s", dg->note);
	}
}

/* The fragment's items onto page, their tables' indexes made the issue's. */
static void merge(cp_compose *c, const cp_par_job *job, cp_dl_page *page)
{
	const cp_dl_page *frag = job->page;
	for (guint i = 0; i < frag->items->len; i++) {
		cp_dl_item *it = g_ptr_array_index(frag->items, i);
		switch (it->kind) {
		case CP_DL_GLYPHS:
			g_assert(it->u.glyphs.font < job->fonts->len);
			it->u.glyphs.font =
			    cp_dl_font_add(c->dl, g_ptr_array_index(job->fonts, it->u.glyphs.font));
			break;
		case CP_DL_IMAGE: {
			g_assert(it->u.image.image < job->images->len);
			const cp_dl_image_src *s =
			    &g_array_index(job->images, cp_dl_image_src, it->u.image.image);
			uint32_t k = cp_dl_image_add(c->dl, s->path, s->px_w, s->px_h, s->jpeg);
			cp_dl_image_src *d = &g_array_index(c->dl->images, cp_dl_image_src, k);
			if (d->span.line == 0)
				d->span = s->span;
			it->u.image.image = k;
			break;
		}
		case CP_DL_ARTWORK: {
			g_assert(it->u.artwork.artwork < job->artworks->len);
			const cp_dl_artwork_src *s =
			    &g_array_index(job->artworks, cp_dl_artwork_src, it->u.artwork.artwork);
			it->u.artwork.artwork =
			    cp_dl_artwork_add(c->dl, s->path, s->page, s->width, s->height);
			break;
		}
		case CP_DL_RULE:
		case CP_DL_RECT:
		case CP_DL_LINK:
		case CP_DL_OUTLINE:
			break;
		case CP_DL_KIND_COUNT:
			g_assert_not_reached();
		}
		g_ptr_array_add(page->items, it);
	}
}

/* A job for the main thread to run ahead while it waits, marked so; NULL
 * when there is none: the one it takes next (the worker leaves it to the
 * main thread), else the worker's next candidate, within the worker's
 * reach. Under the lock. */
static cp_par_job *ahead_next(cp_par *p)
{
	if (p->ahead_off)
		return NULL;
	guint limit = MIN(p->jobs->len, p->pos + CP_PAR_AHEAD);
	cp_par_job *a = p->pos < limit ? g_ptr_array_index(p->jobs, p->pos) : NULL;
	if (a != NULL && a->state != JOB_FREE)
		a = NULL;
	for (guint i = MAX(p->next, p->pos + 1); a == NULL && i < limit; i++) {
		cp_par_job *j = g_ptr_array_index(p->jobs, i);
		if (j->state == JOB_FREE) {
			a = j;
			p->next = i + 1;
		}
	}
	if (a != NULL)
		a->state = JOB_AHEAD;
	return a;
}

/* Runs job a ahead, recorded, on the main typesetter with its other memo. */
static void run_ahead(cp_par *p, cp_par_job *a)
{
	cp_ts_memo_swap(p->ac.ts);
	run_recorded(&p->ac, a);
	cp_ts_memo_swap(p->ac.ts);
	a->ahead = true;
}

void cp_par_take(cp_compose *c, cp_par_job *job, cp_dl_page *page)
{
	cp_par *p = c->par;
	g_assert(p != NULL && (!job->draws || page != NULL));
	pthread_mutex_lock(&p->lock);
	g_assert(job->state != JOB_TAKEN && job->state != JOB_GIVEN_UP);
	/* jobs passed over are given up; one the worker ran leaves its
	 * typesetter with results whose diagnostics were never given */
	for (guint i = p->pos; i < job->index; i++) {
		cp_par_job *s = g_ptr_array_index(p->jobs, i);
		if (s->state == JOB_FREE)
			s->state = JOB_GIVEN_UP;
		else if (s->state == JOB_DONE && s->ahead)
			p->ahead_off = true;
		else if (s->state == JOB_WORKER || s->state == JOB_DONE)
			p->off = true;
	}
	p->pos = MAX(p->pos, job->index + 1);
	while (job->state == JOB_WORKER) {
		cp_par_job *a = ahead_next(p);
		if (a == NULL) {
			pthread_cond_wait(&p->cond, &p->lock);
			continue;
		}
		pthread_mutex_unlock(&p->lock);
		run_ahead(p, a);
		pthread_mutex_lock(&p->lock);
		a->state = JOB_DONE;
	}
	bool off = job->ahead ? p->ahead_off : p->off;
	bool here = job->state == JOB_FREE || off || job->quiet != c->quiet;
	job->state = JOB_TAKEN;
	pthread_cond_broadcast(&p->cond); /* the worker may go further */
	pthread_mutex_unlock(&p->lock);

	if (here) {
		job_output_clear(job);
		job->page = page;
		job->fn(c, job);
		return;
	}
	replay(c, job);
	if (job->draws)
		merge(c, job, page);
	job->page = page;
	job_output_clear(job);
}

/* --- paragraphs as jobs ------------------------------------------------------------- */

typedef struct set_job {
	cp_ts_style style;
	cp_ts_run *runs; /* g_free */
	size_t n_runs;
	double measure;
	const char *text; /* cp_par_submit_text: a plain string (runs NULL) */
	cp_span span;
	cp_ts_para *para;
} set_job;

static void set_job_free(gpointer p)
{
	set_job *s = p;
	g_free(s->runs);
	if (s->para != NULL)
		cp_ts_para_free(s->para);
	g_free(s);
}

static void set_job_run(cp_compose *c, cp_par_job *job)
{
	set_job *s = job->data;
	g_clear_pointer(&s->para, cp_ts_para_free);
	if (s->runs == NULL)
		s->para = cp_compose_set_text(c, &s->style, s->text, s->span, s->measure);
	else
		s->para = cp_ts_set(c->ts, &s->style, s->runs, s->n_runs, s->measure, c->d);
}

cp_par_job *cp_par_submit_set(cp_compose *c, const cp_ts_style *style, cp_ts_run *runs,
                              size_t n_runs, double measure)
{
	set_job *s = g_new0(set_job, 1);
	s->style = *style;
	s->runs = runs;
	s->n_runs = n_runs;
	s->measure = measure;
	return cp_par_submit(c, set_job_run, s, set_job_free, false);
}

cp_par_job *cp_par_submit_text(cp_compose *c, const cp_ts_style *style, const char *text,
                               cp_span span, double measure)
{
	set_job *s = g_new0(set_job, 1);
	s->style = *style;
	s->text = text;
	s->span = span;
	s->measure = measure;
	return cp_par_submit(c, set_job_run, s, set_job_free, false);
}

cp_ts_para *cp_par_take_set(cp_compose *c, cp_par_job *job)
{
	cp_par_take(c, job, NULL);
	set_job *s = job->data;
	cp_ts_para *para = g_steal_pointer(&s->para);
	g_assert(para != NULL);
	return para;
}
