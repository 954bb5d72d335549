/**
 * A walk-through of the config-in-Git, artifacts-in-S3 recipe with the {@code mvc} command line,
 * on the S3, SageMaker and Lambda emulators: {@link dev.mvc.samples.article.ArticleWalkthrough}.
 */
@NullMarked
package dev.mvc.samples.article;

import org.jspecify.annotations.NullMarked;
