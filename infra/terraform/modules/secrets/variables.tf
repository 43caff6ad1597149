variable "name" {
  description = "Prefix of the secret names (NAME/KEY)."
  type        = string
}

variable "kms_key_arn" {
  description = "KMS key that encrypts the secrets."
  type        = string
}

variable "recovery_window_days" {
  description = "Days a deleted secret can be restored (0 deletes at once; 7-30 otherwise)."
  type        = number
  default     = 7
}
