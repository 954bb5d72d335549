package dev.mvc.sagemaker;

import dev.mvc.ApprovalStatus;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One version of a model package group in the SageMaker Model Registry.
 *
 * @param arn the model package ARN
 * @param group the model package group
 * @param version the version number within the group
 * @param approval its {@code ModelApprovalStatus}
 * @param createdAt when it was created
 * @param description its description, or null
 */
public record ModelPackageVersion(String arn, String group, int version, ApprovalStatus approval,
    Instant createdAt, @Nullable String description) {}
