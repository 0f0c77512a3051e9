/* compose.c - composes an issue, part by part, into the page display list:
 *   1. geometry and styles from the layout (frame.c)
 *   2. each entry of `contents` in order: cover, table of contents (pages
 *      reserved now, filled last), articles, the member directory, colophon
 *   3. blank pages to reach a multiple of 4 (before a closing colophon, so
 *      the colophon stays on the last page)
 *   4. the table of contents, now that every part's page is known
 *   5. running heads and folios (pages.c)
 * Compose knows nothing of Cairo or files: it appends display-list items. */
#include "compose/compose_int.h"

#include <stdint.h>
#include <string.h>

#include "cp_config.h"

/* Metadata for the PDF, from the issue (never from the clock). */
static void set_meta(cp_compose *c)
{
	const cp_model *m = c->m;
	cp_dl *dl = c->dl;
	const char *mark = cp_compose_issue_mark(c);
	dl->meta.title =
	    m->title.s != NULL ? cp_arena_printf(dl->arena, "%s %s", mark, m->title.s) : mark;
	dl->meta.author = cp_dl_strdup(dl, m->publisher.s);
	dl->meta.subject = cp_dl_strdup(dl, m->cover_headline.s);
	dl->meta.keywords = cp_dl_strdup(dl, m->magazine.s);
	dl->meta.creator = "canpress " CP_VERSION;
	dl->meta.date = cp_arena_printf(dl->arena, "%04d-%02d-%02dT00:00:00Z", m->date.year,
	                                m->date.month, m->date.day);
	dl->right_bound = c->g.right_bound;
}

/* Adds blank pages so that `later` more pages make a multiple of 4. */
static void pad_pages(cp_compose *c, size_t later)
{
	size_t total = cp_compose_page_count(c) + later;
	size_t pad = (4 - total % 4) % 4;
	/* house ads first (issue 15), blank pages when none are left */
	while (pad > 0 && cp_compose_house_page(c))
		pad--;
	for (size_t i = 0; i < pad; i++)
		cp_compose_page_add(c, CP_PAGE_BLANK, NULL);
	if (pad > 0)
		cp_diag_add(c->d, CP_DIAG_PAGES_PADDED, c->m->span,
		            "add or remove content to avoid blank pages",
		            "added %zu blank page%s to make %zu pages, a multiple of 4 for a "
		            "saddle-stitched booklet",
		            pad, pad == 1 ? "" : "s", cp_compose_page_count(c) + later);
}

/* Submits the typesetter jobs of the first article from part `from` on
 * (and after the parts already fed, *fed: one past the last), unless a
 * member directory comes first: its jobs come next in the queue, as jobs
 * are taken in the order they are submitted. One article ahead of the one
 * composed is enough to keep the worker busy and bounds the jobs waiting. */
static void feed_article(cp_compose *c, cp_markup_doc *const *docs, size_t from, size_t *fed)
{
	const cp_model *m = c->m;
	for (size_t i = MAX(from, *fed); i < m->n_parts && m->parts[i].kind != CP_PART_MEMBERS;
	     i++) {
		if (m->parts[i].kind != CP_PART_ARTICLE)
			continue;
		cp_compose_article_submit(c, m->parts[i].index, docs[m->parts[i].index]);
		*fed = i + 1;
		return;
	}
}

cp_dl *cp_compose_issue(const cp_model *m, cp_markup_doc *const *docs, cp_typesetter *ts,
                        cp_diags *d)
{
	return cp_compose_issue_threads(m, docs, ts, d, 1);
}

cp_dl *cp_compose_issue_threads(const cp_model *m, cp_markup_doc *const *docs, cp_typesetter *ts,
                                cp_diags *d, int threads)
{
	cp_compose c = {0};
	c.m = m;
	c.layout = &m->layout;
	c.ts = ts;
	c.d = d;
	if (m->n_parts == 0) {
		cp_diag_add(d, CP_DIAG_EMPTY_ISSUE, m->span, "list cover, toc, articles ...",
		            "the issue's contents are empty: nothing to print");
		return NULL;
	}

	/* 1. geometry and styles */
	c.dl = cp_dl_new();
	c.info = g_array_new(FALSE, TRUE, sizeof(cp_page_info));
	c.part_page = g_new0(size_t, m->n_parts);
	c.index_page = g_new0(size_t, m->n_parts);
	c.member_page = g_new0(size_t, m->n_members + 1);
	cp_dl *result = NULL;
	if (!cp_compose_geom_init(&c) || !cp_compose_styles_init(&c))
		goto out;
	set_meta(&c);
	/* independent units on a second thread (par.c): the articles'
	 * paragraphs now, the member cards when the directory comes */
	cp_par_start(&c, threads);
	c.article_jobs = g_new0(struct cp_article_jobs *, m->n_articles + 1);
	size_t fed = 0;
	feed_article(&c, docs, 0, &fed);

	/* 2. the parts in order; 3. padding before a closing colophon */
	size_t toc_part = SIZE_MAX;
	for (size_t i = 0; i < m->n_parts && !c.too_many_pages; i++) {
		const cp_part *part = &m->parts[i];
		bool last = i + 1 == m->n_parts;
		if (part->kind == CP_PART_COLOPHON && last)
			pad_pages(&c, 1);
		c.part_page[i] = cp_compose_page_count(&c);
		switch (part->kind) {
		case CP_PART_COVER:
			cp_compose_cover(&c, part);
			break;
		case CP_PART_TOC:
			cp_compose_toc_reserve(&c, part, i);
			toc_part = i;
			break;
		case CP_PART_ARTICLE:
			feed_article(&c, docs, i + 1, &fed);
			cp_compose_article(&c, &m->articles[part->index], docs[part->index]);
			break;
		case CP_PART_MEMBERS:
			cp_compose_members(&c, part);
			feed_article(&c, docs, i + 1, &fed);
			break;
		case CP_PART_COLOPHON:
			cp_compose_colophon(&c, part);
			break;
		case CP_PART_ADS:
			cp_compose_ads(&c, part);
			break;
		case CP_PART_KIND_COUNT:
			g_assert_not_reached();
		}
	}
	if (m->n_parts > 0 && m->parts[m->n_parts - 1].kind != CP_PART_COLOPHON)
		pad_pages(&c, 0);
	cp_compose_house_report(&c);

	/* 4. the table of contents; 5. running heads and folios */
	if (toc_part != SIZE_MAX)
		cp_compose_toc_fill(&c, toc_part);
	cp_compose_page_furniture(&c);
	cp_par_end(&c);
	cp_dl_check(c.dl);
	result = g_steal_pointer(&c.dl);
out:
	for (size_t i = 0; c.article_jobs != NULL && i < m->n_articles; i++)
		cp_compose_article_jobs_free(c.article_jobs[i]);
	g_free(c.article_jobs);
	cp_par_end(&c);
	cp_dl_free(c.dl);
	g_array_unref(c.info);
	g_free(c.part_page);
	g_free(c.index_page);
	g_free(c.member_page);
	if (c.notes != NULL)
		g_hash_table_destroy(c.notes);
	if (c.house_placed != NULL)
		g_ptr_array_unref(c.house_placed);
	if (c.house_padded != NULL)
		g_ptr_array_unref(c.house_padded);
	return result;
}
