#!/usr/bin/env bash
# Rolls an image that is already in ECR out to ECS:
#   1. registers a new revision of the web and worker task definitions: the newest
#      revision of each family (Terraform's settings) with only the image changed,
#   2. runs `pulse migrate` once as a one-off task with the web revision and waits for it
#      (exit code 0 or the deploy stops; its log is printed),
#   3. points both services at the new revisions and waits until they are stable,
#   4. checks the new revisions are what runs (the circuit breaker rolls a failed
#      deployment back, and "stable" alone would not tell).
# Rolling back is deploying an older tag: `deploy-ecs.sh --skip-migrate OLD_SHA`.
#
# Usage: infra/scripts/deploy-ecs.sh [--skip-migrate] IMAGE_TAG
# Needs aws (v2) and jq. Names come from the environment (CI: repository variables) or,
# for any that is unset, from `terraform output -json` in infra/terraform:
#   ECR_REPOSITORY_URL  ECS_CLUSTER  ECS_WEB_SERVICE  ECS_WORKER_SERVICE
#   ECS_WEB_FAMILY  ECS_WORKER_FAMILY  ECS_SUBNETS (comma-separated)  ECS_SECURITY_GROUP
#   ECS_WEB_LOG_GROUP (for the migrate task's log; optional)
set -euo pipefail
cd "$(dirname "$0")/../.."

SKIP_MIGRATE=""
if [ "${1:-}" = "--skip-migrate" ]; then SKIP_MIGRATE=1; shift; fi
TAG="${1:-}"
if [ -z "$TAG" ] || [ $# -ne 1 ]; then
  echo "usage: infra/scripts/deploy-ecs.sh [--skip-migrate] IMAGE_TAG" >&2
  exit 2
fi
for tool in aws jq; do
  command -v "$tool" >/dev/null || { echo "deploy-ecs: $tool is needed" >&2; exit 2; }
done
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# --- names -----------------------------------------------------------------------------
TF_OUT=""
tf_output() {
  if [ -z "$TF_OUT" ]; then
    TF_OUT=$(terraform -chdir=infra/terraform output -json) \
      || { echo "deploy-ecs: set the ECS_* variables or run from a machine with Terraform state access" >&2; exit 2; }
  fi
  jq -er "$1" <<<"$TF_OUT"
}
: "${ECR_REPOSITORY_URL:=$(tf_output '.ecr_repository_url.value')}"
: "${ECS_CLUSTER:=$(tf_output '.cluster_name.value')}"
: "${ECS_WEB_SERVICE:=$(tf_output '.web_service_name.value')}"
: "${ECS_WORKER_SERVICE:=$(tf_output '.worker_service_name.value')}"
: "${ECS_WEB_FAMILY:=$(tf_output '.task_families.value.web')}"
: "${ECS_WORKER_FAMILY:=$(tf_output '.task_families.value.worker')}"
: "${ECS_SUBNETS:=$(tf_output '.private_subnet_ids.value | join(",")')}"
: "${ECS_SECURITY_GROUP:=$(tf_output '.app_security_group_id.value')}"
if [ -z "${ECS_WEB_LOG_GROUP:-}" ]; then
  ECS_WEB_LOG_GROUP=$( (tf_output '.log_group_names.value.web') 2>/dev/null || true)
fi

IMAGE="$ECR_REPOSITORY_URL:$TAG"
REPO_NAME="${ECR_REPOSITORY_URL#*/}"
say "deploying $IMAGE to $ECS_CLUSTER ($ECS_WEB_SERVICE, $ECS_WORKER_SERVICE)"
aws ecr describe-images --repository-name "$REPO_NAME" --image-ids imageTag="$TAG" >/dev/null \
  || { echo "deploy-ecs: $IMAGE is not in ECR (push it first)" >&2; exit 1; }

# --- 1. task definitions -----------------------------------------------------------------
register() {
  local family="$1"
  aws ecs describe-task-definition --task-definition "$family" --query taskDefinition --output json \
    | jq --arg image "$IMAGE" '
        .containerDefinitions |= map(if .name == "pulse" then .image = $image else . end)
        | { family, taskRoleArn, executionRoleArn, networkMode, containerDefinitions, volumes,
            placementConstraints, requiresCompatibilities, cpu, memory, runtimePlatform,
            ephemeralStorage }
        | with_entries(select(.value != null))' >"$WORK/$family.json"
  aws ecs register-task-definition --cli-input-json "file://$WORK/$family.json" \
    --query taskDefinition.taskDefinitionArn --output text
}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
WEB_TD=$(register "$ECS_WEB_FAMILY")
WORKER_TD=$(register "$ECS_WORKER_FAMILY")
say "registered $WEB_TD"
say "registered $WORKER_TD"

# --- 2. migrate ------------------------------------------------------------------------------
if [ -z "$SKIP_MIGRATE" ]; then
  say "pulse migrate (one-off task)"
  NETWORK="awsvpcConfiguration={subnets=[$ECS_SUBNETS],securityGroups=[$ECS_SECURITY_GROUP],assignPublicIp=DISABLED}"
  TASK=$(aws ecs run-task --cluster "$ECS_CLUSTER" --task-definition "$WEB_TD" --launch-type FARGATE \
    --count 1 --started-by "deploy-${TAG:0:20}" --network-configuration "$NETWORK" \
    --overrides '{"containerOverrides":[{"name":"pulse","command":["migrate"]}]}' \
    --query 'tasks[0].taskArn' --output text)
  [ -n "$TASK" ] && [ "$TASK" != "None" ] || { echo "deploy-ecs: the migrate task did not start" >&2; exit 1; }
  aws ecs wait tasks-stopped --cluster "$ECS_CLUSTER" --tasks "$TASK"
  EXIT=$(aws ecs describe-tasks --cluster "$ECS_CLUSTER" --tasks "$TASK" \
    --query 'tasks[0].containers[?name==`pulse`].exitCode | [0]' --output text)
  if [ -n "$ECS_WEB_LOG_GROUP" ]; then
    aws logs get-log-events --log-group-name "$ECS_WEB_LOG_GROUP" \
      --log-stream-name "web/pulse/${TASK##*/}" --query 'events[].message' --output text 2>/dev/null | tr '\t' '\n' || true
  fi
  if [ "$EXIT" != "0" ]; then
    REASON=$(aws ecs describe-tasks --cluster "$ECS_CLUSTER" --tasks "$TASK" --query 'tasks[0].stoppedReason' --output text)
    echo "deploy-ecs: migrate failed (exit code $EXIT, $REASON); the services were not changed" >&2
    exit 1
  fi
fi

# --- 3. roll ----------------------------------------------------------------------------------
say "updating services"
aws ecs update-service --cluster "$ECS_CLUSTER" --service "$ECS_WEB_SERVICE" --task-definition "$WEB_TD" >/dev/null
aws ecs update-service --cluster "$ECS_CLUSTER" --service "$ECS_WORKER_SERVICE" --task-definition "$WORKER_TD" >/dev/null
say "waiting for services-stable (up to 10 minutes)"
aws ecs wait services-stable --cluster "$ECS_CLUSTER" --services "$ECS_WEB_SERVICE" "$ECS_WORKER_SERVICE"

# --- 4. check -----------------------------------------------------------------------------
RUNNING=$(aws ecs describe-services --cluster "$ECS_CLUSTER" --services "$ECS_WEB_SERVICE" "$ECS_WORKER_SERVICE" \
  --query 'services[].deployments[?status==`PRIMARY`][].[taskDefinition, rolloutState]' --output text)
echo "$RUNNING"
for td in "$WEB_TD" "$WORKER_TD"; do
  grep -q "^$td[[:space:]]COMPLETED$" <<<"$RUNNING" \
    || { echo "deploy-ecs: $td is not what runs (rolled back by the circuit breaker?)" >&2; exit 1; }
done
say "deployed $TAG"
