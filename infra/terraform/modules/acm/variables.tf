variable "domain_name" {
  description = "The public name users reach, e.g. studio.example.jo."
  type        = string
}

variable "hosted_zone_id" {
  description = "Route 53 hosted zone that holds domain_name (validation records go there)."
  type        = string
}
