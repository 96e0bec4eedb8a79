import mongoose, { Schema, type InferSchemaType, type Model } from "mongoose";

const providerSchema = new Schema({ provider: { type: String, required: true }, providerAccountId: { type: String, required: true } }, { _id: false });

const userSchema = new Schema(
  {
    username: { type: String, required: true, trim: true },
    /** Lowercased username: the unique, case-insensitive handle (FerretDB has no collation). */
    usernameLower: { type: String, required: true },
    email: { type: String, required: true, lowercase: true, trim: true },
    displayName: { type: String, required: true },
    passwordHash: { type: String },
    avatarUrl: { type: String },
    bio: { type: String, default: "" },
    role: { type: String, enum: ["user", "admin"], default: "user" },
    providers: { type: [providerSchema], default: [] },
    /** Set once the owner of the address opened the link mailed to it, or a provider vouched for it (OAuth). */
    emailVerified: { type: Boolean, default: false },
    /** The pending verification link: only its SHA-256 is kept; single use, checked for expiry when used. */
    emailVerification: { type: new Schema({ tokenHash: { type: String, required: true }, expiresAt: { type: Date, required: true } }, { _id: false }), default: undefined },
    /** Bumped to revoke every bearer token and browser session issued before. */
    tokenVersion: { type: Number, default: 0 },
    followerCount: { type: Number, default: 0 },
  },
  { timestamps: true },
);

userSchema.index({ usernameLower: 1 }, { unique: true });
userSchema.index({ email: 1 }, { unique: true });
userSchema.index({ "providers.provider": 1, "providers.providerAccountId": 1 }, { sparse: true });
userSchema.index({ "emailVerification.tokenHash": 1 }, { sparse: true });

export type UserDoc = InferSchemaType<typeof userSchema> & { _id: mongoose.Types.ObjectId };

export const UserModel: Model<InferSchemaType<typeof userSchema>> =
  (mongoose.models.User as Model<InferSchemaType<typeof userSchema>> | undefined) ?? mongoose.model("User", userSchema);
